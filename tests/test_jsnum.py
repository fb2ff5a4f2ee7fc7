"""Numbers written as JavaScript's String(x) writes them."""

import math

from hypothesis import given
from hypothesis import strategies as st

from exporter.jsnum import js_str

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


@given(st.floats(allow_nan=False, allow_infinity=False))
def test_round_trip_and_notation(x):
    text = js_str(x)
    assert float(text) == x
    assert ("e" in text) == (x != 0 and not 1e-6 <= abs(x) < 1e21)
