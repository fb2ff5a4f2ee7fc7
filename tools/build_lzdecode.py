"""Build the optional C LZ-String decoder (exporter/load/_lzdecode.c) in place.

``pip install -e .`` builds it when the project declares the extension; this
script does the same for a work tree without reinstalling:

    .venv/bin/python tools/build_lzdecode.py
"""

from __future__ import annotations

import os
from pathlib import Path

from setuptools import Distribution, Extension

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    os.chdir(ROOT)
    ext = Extension("exporter.load._lzdecode", ["exporter/load/_lzdecode.c"], extra_compile_args=["-O2"])
    dist = Distribution({"name": "lzdecode-inplace", "ext_modules": [ext]})
    cmd = dist.get_command_obj("build_ext")
    cmd.inplace = True
    cmd.ensure_finalized()
    cmd.run()
    print("built", *sorted(str(p.relative_to(ROOT)) for p in (ROOT / "exporter/load").glob("_lzdecode*.so")))


if __name__ == "__main__":
    main()
