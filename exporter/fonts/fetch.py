"""``python -m exporter.fonts.fetch``: install Excalidraw's font files into the user cache.

The fonts come from the pinned npm package (``npm pack``), whose tarball is checked
against the pinned sha512 integrity before anything is extracted; only
``package/dist/prod/fonts/**`` is kept. The exporter works without fonts (system
fallbacks), so a missing ``npm`` or registry only prints a warning; an integrity
mismatch is an error. Idempotent: a complete install is detected from its marker.
"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from exporter.fonts.paths import (
    FONTCONFIG_DIR,
    FONTCONFIG_STAMP,
    INDEX,
    INTEGRITY,
    MARKER,
    PACKAGE,
    TARBALL_PREFIX,
    VERSION,
    fonts_dir,
    fonts_installed,
)

__all__ = ["IntegrityError", "FetchError", "integrity_of", "verify_integrity", "install_tarball", "fetch", "main"]


class IntegrityError(Exception):
    """The downloaded tarball is not the pinned one."""


class FetchError(Exception):
    """npm or the registry is not available."""


def integrity_of(path: Path) -> str:
    """npm's ``sha512-<base64>`` integrity string of a file."""
    digest = hashlib.sha512()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return "sha512-" + base64.b64encode(digest.digest()).decode("ascii")


def verify_integrity(path: Path, expected: str = INTEGRITY) -> None:
    actual = integrity_of(path)
    if actual != expected:
        raise IntegrityError(f"{path.name}: integrity {actual} does not match the pinned {expected}")


def _font_members(tar: tarfile.TarFile) -> list[tuple[tarfile.TarInfo, PurePosixPath]]:
    """Regular files under ``package/dist/prod/fonts/`` with safe relative paths."""
    out = []
    for member in tar.getmembers():
        if not member.isfile() or not member.name.startswith(TARBALL_PREFIX):
            continue
        rel = PurePosixPath(member.name[len(TARBALL_PREFIX):])
        if rel.is_absolute() or ".." in rel.parts or not rel.parts:
            continue
        out.append((member, rel))
    return out


def _cmap_ranges(path: Path) -> list[list[int]]:
    from fontTools.ttLib import TTFont

    codepoints = sorted(TTFont(path, lazy=True).getBestCmap() or {})
    ranges: list[list[int]] = []
    for cp in codepoints:
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return ranges


def _write_index(folder: Path) -> None:
    """``index.json``: the cmap of every woff2 file, so faces open only when needed."""
    cmap = {p.relative_to(folder).as_posix(): _cmap_ranges(p) for p in sorted(folder.rglob("*.woff2"))}
    (folder / INDEX).write_text(json.dumps({"version": VERSION, "cmap": cmap}, separators=(",", ":")),
                                encoding="utf-8")


def install_tarball(tarball: Path, dest: Path, integrity: str = INTEGRITY) -> int:
    """Verify ``tarball`` and install its fonts into ``dest`` atomically; returns the file count."""
    verify_integrity(tarball, integrity)
    dest.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        with tarfile.open(tarball, "r:gz") as tar:
            members = _font_members(tar)
            if not members:
                raise IntegrityError(f"{tarball.name}: no {TARBALL_PREFIX} files in the package")
            for member, rel in members:
                target = staging.joinpath(*rel.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                source = tar.extractfile(member)
                assert source is not None  # regular file
                with source, target.open("wb") as out:
                    shutil.copyfileobj(source, out)
        _write_index(staging)
        (staging / MARKER).write_text(integrity + "\n", encoding="ascii")
        if dest.exists():
            shutil.rmtree(dest)
        staging.rename(dest)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
    return len(members)


def npm_pack(workdir: Path, spec: str = f"{PACKAGE}@{VERSION}") -> Path:
    """Download the package tarball with ``npm pack`` into ``workdir``."""
    npm = shutil.which("npm")
    if npm is None:
        raise FetchError("npm not found")
    try:
        proc = subprocess.run([npm, "pack", spec, "--json", "--pack-destination", str(workdir)],
                              capture_output=True, text=True, timeout=600, cwd=workdir)
    except (OSError, subprocess.SubprocessError) as exc:
        raise FetchError(f"npm pack failed: {exc}") from exc
    tarballs = sorted(workdir.glob("*.tgz"))
    if proc.returncode != 0 or not tarballs:
        detail = (proc.stderr.strip().splitlines() or ["no tarball"])[-1]
        raise FetchError(f"npm pack {spec} failed: {detail}")
    return tarballs[0]


def fetch(dest: Path | None = None) -> tuple[Path, bool]:
    """Make sure the fonts are installed; returns (folder, whether they were downloaded now)."""
    dest = dest or fonts_dir()
    if fonts_installed(dest):
        return dest, False
    with tempfile.TemporaryDirectory(prefix="excalidraw-fonts-") as tmp:
        tarball = npm_pack(Path(tmp))
        install_tarball(tarball, dest)
    return dest, True


def main(argv: list[str] | None = None) -> int:
    try:
        folder, fresh = fetch()
    except FetchError as exc:
        print(f"warning: Excalidraw fonts not installed ({exc}); exports fall back to system fonts")
        return 0
    except (IntegrityError, OSError, tarfile.TarError) as exc:
        print(f"error: Excalidraw fonts not installed: {exc}", file=sys.stderr)
        return 1
    if fresh or not (folder / FONTCONFIG_DIR / FONTCONFIG_STAMP).is_file():
        _prepare_system_fonts()
    print(f"fonts: {PACKAGE}@{VERSION} {'installed in' if fresh else 'present in'} {folder}")
    return 0


def _prepare_system_fonts() -> None:
    """Convert the fonts for fontconfig now, so the first raster export does not pay for it."""
    try:
        from exporter.fonts.system import ensure_fontconfig

        ensure_fontconfig()
    except Exception as exc:  # raster text falls back to system fonts; the SVG path is unaffected
        print(f"warning: fonts for raster export not prepared ({exc})", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
