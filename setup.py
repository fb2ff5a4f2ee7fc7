"""Only the optional C accelerators need setup.py; metadata lives in pyproject.toml.

Every extension is ``optional=True``: without a compiler the build still
succeeds and the pure-Python version of the same loop is used. Each C file is
an accelerator of a Python module beside it and must give the same bytes.
"""

from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).parent
# module name -> its C source; an entry whose source is absent is skipped, so
# accelerators can be added one at a time.
ACCELERATORS = {
    "exporter._jsnum": "exporter/_jsnum.c",
    "exporter.load._lzdecode": "exporter/load/_lzdecode.c",
    "exporter.render._freehand": "exporter/render/_freehand.c",
    "exporter.rough._roughcore": "exporter/rough/_roughcore.c",
    "exporter.raster._cairopath": "exporter/raster/_cairopath.c",
    "exporter.raster._pngrows": "exporter/raster/_pngrows.c",
}



class BuildWithTemplates(build_py):
    """Ship the top-level templates/ inside the package (exporter/document/templates) in
    a wheel, where the repository's folder is not beside the code."""

    def run(self) -> None:
        super().run()
        target = Path(self.build_lib) / "exporter" / "document" / "templates"
        target.mkdir(parents=True, exist_ok=True)
        for template in sorted((HERE / "templates").glob("*.j2")):
            self.copy_file(str(template), str(target / template.name))


# The C must round exactly as the Python does: no fused multiply-add (GCC contracts
# a * b + c into one FMA on CPUs that have it, aarch64 among them).
setup(cmdclass={"build_py": BuildWithTemplates}, ext_modules=[
    Extension(name, [source], optional=True, extra_compile_args=["-O2", "-fno-fast-math", "-ffp-contract=off"])
    for name, source in ACCELERATORS.items() if (HERE / source).exists()
])
