"""read_input: the size limit holds, and reading does not reserve the limit's worth of memory."""

import tracemalloc

import pytest

import exporter.load as load_pkg
from exporter.errors import LimitError
from exporter.load import read_input


def test_small_file_does_not_allocate_the_limit(tmp_path):
    path = tmp_path / "scene.excalidraw"
    path.write_bytes(b'{"type":"excalidraw","elements":[]}')
    tracemalloc.start()
    try:
        data = read_input(path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert data == path.read_bytes()
    assert peak < 64 * 1024 * 1024  # fh.read(MAX + 1) reserved 512 MB here


@pytest.mark.parametrize("size", [9, 10, 11, 25])
def test_limit_in_chunks(tmp_path, monkeypatch, size):
    monkeypatch.setattr(load_pkg, "MAX_INPUT_BYTES", 10)
    monkeypatch.setattr(load_pkg, "READ_CHUNK", 3)
    path = tmp_path / "big.json"
    path.write_bytes(bytes(range(size)))
    if size > 10:
        with pytest.raises(LimitError):
            read_input(path)
    else:
        assert read_input(path) == bytes(range(size))
