"""Only the optional C loop of the LZ-String decoder needs setup.py; metadata lives in pyproject.toml.

``optional=True``: without a compiler the build still succeeds and the
pure-Python decoder is used.
"""

from setuptools import Extension, setup

setup(ext_modules=[Extension("exporter.load._lzdecode", ["exporter/load/_lzdecode.c"], optional=True)])
