"""Numbers written as JavaScript's String(x) writes them."""

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from exporter import jsnum
from exporter.jsnum import js_str, js_str_py

# String(x) in V8.
VECTORS = [
    (0.0, "0"), (-0.0, "0"), (2.0, "2"), (-7.0, "-7"), (1.5, "1.5"), (0.1 + 0.2, "0.30000000000000004"),
    (0.0001, "0.0001"), (0.00001, "0.00001"), (1.5e-6, "0.0000015"), (1e-7, "1e-7"), (-2.5e-7, "-2.5e-7"),
    (1e16, "10000000000000000"), (1e21, "1e+21"),
    (1.5e300, "1.5e+300"), (5e-324, "5e-324"), (math.nan, "NaN"), (math.inf, "Infinity"),
    (-math.inf, "-Infinity"), (True, "true"), (12, "12"), (10**21, "1e+21"), (123.456, "123.456"),
]


def test_vectors():
    for value, text in VECTORS:
        assert js_str(value) == text, value
        assert js_str_py(value) == text, value


needs_c = pytest.mark.skipif(jsnum._C is None, reason="exporter._jsnum is not built (or EXCALIDRAW_EXPORTER_PURE)")
# Around the C's edges: its float range (1e-4, 1e21), long long, 2**53, zeros, bools.
EDGES = [1e-4, -1e-4, 9.99999e-5, 1e21, 9.999999999999999e20, -1e21, 9e18, 9.2e18, 2.0**63, -2.0**63,
         2.0**53 + 2, 0.5, -0.5, 1e-4 + 1e-20, 0.0, -0.0, 0, -1, 2**63 - 1, -2**63, 2**63, 10**21 - 1,
         10**21, -10**21, 10**30, False, True, 123456789.125, 1 / 3]


@needs_c
def test_c_matches_python_at_the_edges():
    for value in EDGES:
        assert js_str(value) == js_str_py(value), value
        assert type(js_str(value)) is str


@needs_c
@given(st.one_of(st.floats(), st.integers(), st.floats(min_value=-1e22, max_value=1e22),
                 st.floats(min_value=-1e-3, max_value=1e-3)))
def test_c_matches_python(x):
    assert js_str(x) == js_str_py(x)


@needs_c
def test_c_leaves_other_types_to_python():
    class Number(float):
        pass
    assert js_str(Number(2.0)) == "2"
    with pytest.raises(AttributeError):
        js_str("1")  # the Python's own error


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_round_trip_and_notation(x):
    text = js_str(x)
    assert float(text) == x
    assert ("e" in text) == (x != 0 and not 1e-6 <= abs(x) < 1e21)


@needs_c
def test_c_digits_are_repr_digits():
    """The C's own shortest digits (not repr's dtoa) against repr, on the values an export
    writes (sizes, halves, hundredths, quotients) and on random doubles of every exponent in
    its range, both signs; powers of two, where the double below is nearer, with neighbours."""
    import random
    import struct

    rnd = random.Random(20261207)
    values = [1e-4, math.nextafter(1e-4, 1), 2.0**52 + 0.5, math.nextafter(2.0**53, 0), 0.1 + 0.2, 1 / 3]
    for _ in range(20000):
        exponent = rnd.randint(1009, 1075)  # 1e-4 <= |x| < 2**53
        bits = (rnd.getrandbits(1) << 63) | (exponent << 52) | rnd.getrandbits(52)
        values.append(struct.unpack("<d", struct.pack("<Q", bits))[0])
        digits = rnd.randint(1, 17)
        values.append(float(f"{rnd.randint(1, 10**digits)}e{rnd.randint(-20, 3)}"))
        values.append(rnd.randint(-10**9, 10**9) / 100)
        power = 2.0 ** rnd.randint(-13, 52)
        values += [power, power * (1 - 2**-53), power * (1 + 2**-52), -power * 0.75]
    checked = 0
    for x in values:
        text = jsnum._C.repr_digits(x)
        if 1e-4 <= abs(x) < 2**53 and not x.is_integer():
            assert text == repr(x), x
            checked += 1
        else:
            assert text is None, x
    assert checked > 80000
