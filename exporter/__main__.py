"""``python -m exporter`` = ``excalidraw-export``."""

from exporter.cli.main import console_main

console_main()
