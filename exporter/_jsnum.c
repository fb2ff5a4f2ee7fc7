/*
 * The common case of exporter.jsnum.js_str in C (the Python is the reference).
 *
 * An SVG export writes tens of thousands of numbers, each through js_str; in
 * Python each call costs a type dispatch and a range test before the repr.
 * Here: floats with 1e-4 <= |x| < 1e21 (repr, or the integer digits when
 * integral, as the Python), zeros, and plain ints below 10**21. Everything else
 * (bools, NaN, infinities, exponent notation, huge ints) goes to the Python
 * function given to set_fallback, so both give the same text for every value.
 *
 * The digits of a non-integral float are Python's repr's (the shortest decimal
 * that reads back as the same double; of two, the nearer), found with exact
 * 128-bit integer arithmetic instead of repr's bignum dtoa, which took 5-6 % of
 * the instructions of a whole SVG export. Outside the range where 128 bits are
 * exact, repr itself is called.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

typedef unsigned __int128 u128;

static u128 pow10_u128(int n) /* 0 <= n <= 38 */
{
    u128 r = 1;
    while (n-- > 0)
        r *= 10;
    return r;
}

static u128 POW10[39];

/* Whether a decimal with `digits` significant digits lies in the rounding interval
 * of v = V / D (bounds L, H; inclusive when `even`), the one nearest v in *c and its
 * power of ten in *p. E: the decimal exponent of v's first digit. */
static int candidate(u128 V, u128 L, u128 H, int log2d, int even, int E, int digits, uint64_t *c, int *p)
{
    int pw = E - digits + 1;
    u128 Vx, Lx, Hx, unit; /* the values scaled so that a candidate c is c * unit */
    uint64_t lo; /* floor(v / 10**pw); D is a power of two, so no 128-bit division */
    if (pw >= 0) {
        unit = POW10[pw] << log2d;
        Vx = V;
        Lx = L;
        Hx = H;
        lo = (uint64_t)(V >> log2d) / (uint64_t)POW10[pw];
    } else {
        unit = (u128)1 << log2d;
        Vx = V * POW10[-pw];
        Lx = L * POW10[-pw];
        Hx = H * POW10[-pw];
        lo = (uint64_t)(Vx >> log2d);
    }
    u128 alo = (u128)lo * unit, ahi = alo + unit;
    int ok_lo = even ? (alo >= Lx && alo <= Hx) : (alo > Lx && alo < Hx);
    int ok_hi = even ? (ahi >= Lx && ahi <= Hx) : (ahi > Lx && ahi < Hx);
    if (!ok_lo && !ok_hi)
        return 0;
    if (ok_lo && ok_hi) {
        u128 dlo = Vx - alo, dhi = ahi - Vx;
        *c = dlo < dhi ? lo : dhi < dlo ? lo + 1 : (lo % 2 == 0 ? lo : lo + 1);
    } else {
        *c = ok_lo ? lo : lo + 1;
    }
    *p = pw;
    return 1;
}

/* repr(v) into out for a non-integral v with 1e-4 <= |v| < 2**53 (positional, as
 * repr writes these); the length, or -1 when v is outside that range. */
static int shortest_positional(double v, char *out)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    int negative = (int)(bits >> 63);
    int exp_bits = (int)((bits >> 52) & 0x7ff);
    uint64_t frac = bits & ((UINT64_C(1) << 52) - 1);
    int shift = 1075 - exp_bits; /* v = m / 2**shift */
    if (exp_bits == 0 || shift < 1 || shift > 80)
        return -1;
    uint64_t m = frac | (UINT64_C(1) << 52);
    int log2d = shift + 2;
    u128 D = (u128)1 << log2d;
    u128 V = (u128)m << 2;
    u128 H = V + 2;
    u128 L = frac == 0 ? V - 1 : V - 2; /* the double below is nearer at a power of two */
    /* Round-half-even reading accepts the interval's ends when m is even. (In this range
     * an end has 18 or more significant digits, so neither this nor the nearer double
     * below a power of two can decide a result; both are kept as the general rule.) */
    int even = (m & 1) == 0;
    /* E = floor(log10 v), exactly. */
    double a = fabs(v);
    if (a < 1e-4 || a >= 9007199254740992.0)
        return -1;
    int E = (int)floor(log10(a));
    for (;;) { /* correct the estimate: 10**E <= V/D < 10**(E+1) */
        int below = E >= 0 ? POW10[E] * D > V : D > V * POW10[-E];
        if (below) {
            E--;
            continue;
        }
        int above = E + 1 >= 0 ? POW10[E + 1] * D <= V : D <= V * POW10[-(E + 1)];
        if (above) {
            E++;
            continue;
        }
        break;
    }
    if (E < -5 || E > 16)
        return -1;
    /* The fewest digits that have a candidate (17 always do): having one is monotonic. */
    uint64_t c = 0;
    int p = 0;
    int lo = 1, hi = 17;
    while (lo < hi) {
        int mid = (lo + hi) / 2;
        uint64_t cm;
        int pm;
        if (candidate(V, L, H, log2d, even, E, mid, &cm, &pm))
            hi = mid;
        else
            lo = mid + 1;
    }
    if (!candidate(V, L, H, log2d, even, E, lo, &c, &p))
        return -1;
    while (p < 0 && c % 10 == 0) {
        c /= 10;
        p++;
    }
    if (p >= 0 || c == 0)
        return -1; /* an integer: not this function's case */
    char digits[48];
    int n = 0;
    do {
        digits[n++] = (char)('0' + (int)(c % 10));
        c /= 10;
    } while (c);
    /* digits are reversed; the point goes after n + p of them */
    int len = 0;
    if (negative)
        out[len++] = '-';
    int point = n + p;
    if (point > 0) {
        for (int i = 0; i < point; i++)
            out[len++] = digits[n - 1 - i];
        out[len++] = '.';
        for (int i = point; i < n; i++)
            out[len++] = digits[n - 1 - i];
    } else {
        out[len++] = '0';
        out[len++] = '.';
        for (int i = 0; i < -point; i++)
            out[len++] = '0';
        for (int i = 0; i < n; i++)
            out[len++] = digits[n - 1 - i];
    }
    return len;
}

static PyObject *fallback = NULL; /* exporter.jsnum.js_str_py */
static PyObject *zero_text = NULL; /* "0" */

static PyObject *call_fallback(PyObject *x)
{
    if (fallback == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "_jsnum: no fallback set");
        return NULL;
    }
    return PyObject_CallOneArg(fallback, x);
}

/* js_str(x) -> str: String(x) as JavaScript writes it. */
static PyObject *js_str(PyObject *self, PyObject *x)
{
    if (PyFloat_CheckExact(x)) {
        double v = PyFloat_AS_DOUBLE(x);
        double a = fabs(v);
        if (a >= 1e-4 && a < 1e21) {
            /* Integral floats print as their integer (2.0 -> "2"); long long
               holds them below 2**63, the rest go to the Python. */
            if (v == floor(v)) {
                if (a < 9.0e18)
                    return PyUnicode_FromFormat("%lld", (long long)v);
                return call_fallback(x);
            }
            /* repr: shortest round-trip digits, never an exponent in this range. */
            char fast[64];
            int n = shortest_positional(v, fast);
            if (n > 0)
                return PyUnicode_FromStringAndSize(fast, n);
            char *text = PyOS_double_to_string(v, 'r', 0, 0, NULL);
            if (text == NULL)
                return NULL;
            PyObject *result = PyUnicode_FromString(text);
            PyMem_Free(text);
            return result;
        }
        if (v == 0.0) {
            Py_INCREF(zero_text);
            return zero_text;
        }
        return call_fallback(x);
    }
    if (PyLong_CheckExact(x)) {
        int overflow = 0;
        long long n = PyLong_AsLongLongAndOverflow(x, &overflow);
        if (!overflow)
            return PyUnicode_FromFormat("%lld", n);
        if (PyErr_Occurred())
            return NULL;
        return call_fallback(x); /* beyond 64 bits: the Python decides about 10**21 */
    }
    return call_fallback(x);
}

/* repr_digits(x: float) -> str | None: shortest_positional's text, for the tests. */
static PyObject *repr_digits(PyObject *self, PyObject *x)
{
    double v = PyFloat_AsDouble(x);
    if (v == -1.0 && PyErr_Occurred())
        return NULL;
    char out[64];
    int n = shortest_positional(v, out);
    if (n < 0)
        Py_RETURN_NONE;
    return PyUnicode_FromStringAndSize(out, n);
}

static PyObject *set_fallback(PyObject *self, PyObject *func)
{
    if (!PyCallable_Check(func)) {
        PyErr_SetString(PyExc_TypeError, "set_fallback: a callable is needed");
        return NULL;
    }
    Py_INCREF(func);
    Py_XSETREF(fallback, func);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"js_str", js_str, METH_O, "exporter.jsnum.js_str (see there); other values go to the fallback."},
    {"repr_digits", repr_digits, METH_O, "repr(x) of a float by the C's own digits, or None (tests)."},
    {"set_fallback", set_fallback, METH_O, "The Python js_str, for the values the C leaves to it."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_jsnum", "exporter.jsnum's js_str in C.", -1, methods,
};

PyMODINIT_FUNC PyInit__jsnum(void)
{
    for (int i = 0; i < 39; i++)
        POW10[i] = pow10_u128(i);
    zero_text = PyUnicode_InternFromString("0");
    if (zero_text == NULL)
        return NULL;
    return PyModule_Create(&module);
}
