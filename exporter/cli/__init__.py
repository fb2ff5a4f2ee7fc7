"""The ``excalidraw-export`` command line (entry point: :func:`exporter.cli.main.main`)."""
