/* The two hottest loops of the rough.js port, in C.
 *
 * double_lines(segments, state, roughness, max_offset, bow_mro, single, preserve_vertices, nums)
 *     -> new state
 *   renderer._double_lines for a seeded randomizer: every segment's draws are
 *   the next values of the Park-Miller generator (prng.Random.take), and the
 *   arithmetic is the Python's, term by term, so the numbers are bit-identical.
 *   The 8 or 16 numbers of each segment are appended to the list ``nums``.
 *
 * ops_min_max(codes, nums, rotation) -> (min_x, min_y, max_x, max_y) | None
 *   render/bounds.ops_min_max over an op set's codes and numbers: the exact
 *   extrema of its cubic curves; ``rotation`` None or (ex, ey, cx, cy, cos, sin)
 *   for points moved by (ex, ey) then rotated about (cx, cy). None: codes not
 *   M/C/L letters. (``rotation`` also carries a last flag: 0 = angle 0, no turn.)
 *
 * path2(codes, nums, fixed2) -> str | None
 *   svgpath.ops_to_path(opset, 2): "M{x} {y} ", "C{x1} {y1}, {x2} {y2}, {x} {y} ",
 *   "L{x} {y} ", trimmed, each number String(+v.toFixed(2)). A number whose
 *   2-decimal rounding is too close to a tie to decide from v * 100, or outside
 *   +-1e12, is printed by the Python ``fixed2``. None: codes not M/C/L letters.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define INV_TWO_POW_31 (1.0 / 2147483648.0)

static int push(PyObject *list, double v)
{
    PyObject *f = PyFloat_FromDouble(v);
    if (!f)
        return -1;
    int rc = PyList_Append(list, f);
    Py_DECREF(f);
    return rc;
}

static PyObject *double_lines(PyObject *self, PyObject *args)
{
    PyObject *segments, *nums;
    unsigned long long state_in;
    double roughness, max_offset, bow_mro;
    int single, pv;
    (void)self;
    if (!PyArg_ParseTuple(args, "OKdddppO!", &segments, &state_in, &roughness, &max_offset, &bow_mro, &single,
                          &pv, &PyList_Type, &nums))
        return NULL;
    uint32_t state = (uint32_t)state_in;
    PyObject *fast = PySequence_Fast(segments, "segments must be a sequence");
    if (!fast)
        return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    int per_line = (pv ? 7 : 11) * (single ? 1 : 2);
    double r[22];
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *seg = PySequence_Fast(PySequence_Fast_GET_ITEM(fast, i), "a segment must be a sequence");
        if (!seg)
            goto fail;
        if (PySequence_Fast_GET_SIZE(seg) != 4) {
            Py_DECREF(seg);
            PyErr_SetString(PyExc_ValueError, "a segment has 4 numbers");
            goto fail;
        }
        double x1 = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seg, 0));
        double y1 = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seg, 1));
        double x2 = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seg, 2));
        double y2 = PyFloat_AsDouble(PySequence_Fast_GET_ITEM(seg, 3));
        Py_DECREF(seg);
        if (PyErr_Occurred())
            goto fail;
        for (int k = 0; k < per_line; k++) {
            state *= 48271u;
            r[k] = (double)(state & 0x7FFFFFFFu) * INV_TWO_POW_31;
        }
        double dx = x1 - x2, dy = y1 - y2;
        double length_sq = dx * dx + dy * dy;
        double rg;
        if (length_sq < 40000) {
            rg = roughness;
        } else {
            double length = sqrt(length_sq);
            if (length > 500)
                rg = roughness * 0.4;
            else
                rg = roughness * (-0.0016668 * length + 1.233334);
        }
        double offset = max_offset;
        if (offset * offset * 100 > length_sq)
            offset = sqrt(length_sq) / 10;
        double half = offset / 2;
        double bx = bow_mro * (y2 - y1) / 200;
        double by = bow_mro * (x1 - x2) / 200;
        double bx2 = bx + bx, by2 = by + by;
        double ddx = x2 - x1, ddy = y2 - y1;
        double tdx = 2 * ddx, tdy = 2 * ddy;
        double j2 = offset + offset;
        double out[16];
        int count;
        if (pv) {
            double sx = x1 + 0.0, sy = y1 + 0.0, ex = x2 + 0.0, ey = y2 + 0.0;
            double dv = 0.2 + r[0] * 0.2;
            double mx = rg * (r[1] * bx2 - bx) + x1;
            double my = rg * (r[2] * by2 - by) + y1;
            out[0] = sx;
            out[1] = sy;
            out[2] = mx + ddx * dv + rg * (r[3] * j2 - offset);
            out[3] = my + ddy * dv + rg * (r[4] * j2 - offset);
            out[4] = mx + tdx * dv + rg * (r[5] * j2 - offset);
            out[5] = my + tdy * dv + rg * (r[6] * j2 - offset);
            out[6] = ex;
            out[7] = ey;
            count = 8;
            if (!single) {
                double h2 = half + half;
                double dv1 = 0.2 + r[7] * 0.2;
                double mx1 = rg * (r[8] * bx2 - bx) + x1;
                double my1 = rg * (r[9] * by2 - by) + y1;
                out[8] = sx;
                out[9] = sy;
                out[10] = mx1 + ddx * dv1 + rg * (r[10] * h2 - half);
                out[11] = my1 + ddy * dv1 + rg * (r[11] * h2 - half);
                out[12] = mx1 + tdx * dv1 + rg * (r[12] * h2 - half);
                out[13] = my1 + tdy * dv1 + rg * (r[13] * h2 - half);
                out[14] = ex;
                out[15] = ey;
                count = 16;
            }
        } else {
            double jit = offset;
            count = 0;
            for (int pass = 0, k = 0; pass < (single ? 1 : 2); pass++, k += 11) {
                double jit2 = jit + jit;
                double dv = 0.2 + r[k] * 0.2;
                double mx = rg * (r[k + 1] * bx2 - bx) + x1;
                double my = rg * (r[k + 2] * by2 - by) + y1;
                out[count++] = x1 + rg * (r[k + 3] * jit2 - jit);
                out[count++] = y1 + rg * (r[k + 4] * jit2 - jit);
                out[count++] = mx + ddx * dv + rg * (r[k + 5] * jit2 - jit);
                out[count++] = my + ddy * dv + rg * (r[k + 6] * jit2 - jit);
                out[count++] = mx + tdx * dv + rg * (r[k + 7] * jit2 - jit);
                out[count++] = my + tdy * dv + rg * (r[k + 8] * jit2 - jit);
                out[count++] = x2 + rg * (r[k + 9] * jit2 - jit);
                out[count++] = y2 + rg * (r[k + 10] * jit2 - jit);
                jit = half;
            }
        }
        for (int k = 0; k < count; k++)
            if (push(nums, out[k]))
                goto fail;
    }
    Py_DECREF(fast);
    return PyLong_FromUnsignedLong(state);
fail:
    Py_DECREF(fast);
    return NULL;
}


/* ------------------------------------------------------------------ cubic bounds */

/* libm's pow, called for real: GCC would otherwise expand pow(x, 3) into x * x * x,
 * which rounds differently from Python's x ** 3. */
static double (*volatile libm_pow)(double, double) = pow;

/* bounds._solve_quadratic + the points it yields; returns how many (0-2) went to out. */
static int cubic_extrema(double p0, double p1, double p2, double p3, double out[2])
{
    double i = p1 - p0, j = p2 - p1, k = p3 - p2;
    double a = 3 * i - 6 * j + 3 * k;
    double b = 6 * j - 6 * i;
    double c = 3 * i;
    double disc = b * b - 4 * a * c;
    double t[2];
    if (!(disc >= 0))
        return 0;
    if (a == 0) {
        if (b == 0)
            return 0;
        t[0] = t[1] = -c / b;
    } else {
        double r = sqrt(disc);
        t[0] = (-b + r) / (2 * a);
        t[1] = (-b - r) / (2 * a);
    }
    int n = 0;
    for (int m = 0; m < 2; m++) {
        double tt = t[m];
        if (0 <= tt && tt <= 1) {
            double u = 1 - tt;
            out[n++] = libm_pow(u, 3) * p0 + 3 * libm_pow(u, 2) * tt * p1 + 3 * u * libm_pow(tt, 2) * p2
                       + libm_pow(tt, 3) * p3;
        }
    }
    return n;
}

typedef struct { int on, turn; double ex, ey, cx, cy, c, s; } Rotation;

static void transform(const Rotation *r, double x, double y, double *ox, double *oy)
{
    if (!r->on) {
        *ox = x;
        *oy = y;
        return;
    }
    x = r->ex + x;
    y = r->ey + y;
    if (!r->turn) {  /* bounds.rotate at angle 0: the point itself */
        *ox = x;
        *oy = y;
        return;
    }
    *ox = (x - r->cx) * r->c - (y - r->cy) * r->s + r->cx;
    *oy = (x - r->cx) * r->s + (y - r->cy) * r->c + r->cy;
}

static PyObject *ops_min_max(PyObject *self, PyObject *args)
{
    PyObject *codes, *nums, *rot_obj;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!O!O", &PyList_Type, &codes, &PyList_Type, &nums, &rot_obj))
        return NULL;
    Rotation rot = {0};
    if (rot_obj != Py_None) {
        if (!PyArg_ParseTuple(rot_obj, "ddddddp", &rot.ex, &rot.ey, &rot.cx, &rot.cy, &rot.c, &rot.s, &rot.turn))
            return NULL;
        rot.on = 1;
    }
    double min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
    double cur_x = 0, cur_y = 0;
    Py_ssize_t nc = PyList_GET_SIZE(codes), nn = PyList_GET_SIZE(nums), at = 0;
    for (Py_ssize_t i = 0; i < nc; i++) {
        PyObject *code = PyList_GET_ITEM(codes, i);
        if (!PyUnicode_Check(code) || PyUnicode_GET_LENGTH(code) != 1)
            Py_RETURN_NONE;
        Py_UCS4 c = PyUnicode_READ_CHAR(code, 0);
        int count = c == 'C' ? 6 : (c == 'M' || c == 'L') ? 2 : 0;
        if (!count || at + count > nn)
            Py_RETURN_NONE;
        double v[6];
        for (int k = 0; k < count; k++) {
            v[k] = PyFloat_AsDouble(PyList_GET_ITEM(nums, at + k));
            if (v[k] == -1.0 && PyErr_Occurred())
                return NULL;
        }
        at += count;
        if (c == 'M') {
            cur_x = v[0];
            cur_y = v[1];
        } else if (c == 'C') {
            double x0, y0, x1, y1, x2, y2, x3, y3, ext[2];
            transform(&rot, cur_x, cur_y, &x0, &y0);
            transform(&rot, v[0], v[1], &x1, &y1);
            transform(&rot, v[2], v[3], &x2, &y2);
            transform(&rot, v[4], v[5], &x3, &y3);
            cur_x = v[4];
            cur_y = v[5];
            /* bounds._cubic_bounds: Python's min/max keep the first of equals */
            double a = x3 < x0 ? x3 : x0, cmax = x3 > x0 ? x3 : x0;
            double b = y3 < y0 ? y3 : y0, d = y3 > y0 ? y3 : y0;
            int n = cubic_extrema(x0, x1, x2, x3, ext);
            for (int m = 0; m < n; m++) {
                if (ext[m] < a)
                    a = ext[m];
            }
            for (int m = 0; m < n; m++) {
                if (ext[m] > cmax)
                    cmax = ext[m];
            }
            n = cubic_extrema(y0, y1, y2, y3, ext);
            for (int m = 0; m < n; m++) {
                if (ext[m] < b)
                    b = ext[m];
            }
            for (int m = 0; m < n; m++) {
                if (ext[m] > d)
                    d = ext[m];
            }
            if (a < min_x)
                min_x = a;
            if (b < min_y)
                min_y = b;
            if (cmax > max_x)
                max_x = cmax;
            if (d > max_y)
                max_y = d;
        }
    }
    return Py_BuildValue("(dddd)", min_x, min_y, max_x, max_y);
}

/* ------------------------------------------------------------------ path text */

typedef struct { char *s; size_t n, cap; } Buf;

static int buf_reserve(Buf *b, size_t more)
{
    if (b->n + more <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 1024;
    while (cap < b->n + more)
        cap *= 2;
    char *s = realloc(b->s, cap);
    if (!s)
        return -1;
    b->s = s;
    b->cap = cap;
    return 0;
}

static int buf_add(Buf *b, const char *s, size_t n)
{
    if (buf_reserve(b, n))
        return -1;
    memcpy(b->s + b->n, s, n);
    b->n += n;
    return 0;
}

/* String(+v.toFixed(2)) when it can be decided from v * 100: 1 written, 0 "ask Python". */
static int fixed2_fast(Buf *b, double v)
{
    if (!(v > -1e12 && v < 1e12))
        return 0;
    double x = fabs(v);
    double s = x * 100.0;
    double whole = floor(s);
    double frac = s - whole;
    /* x * 100 is off the exact product by at most half an ulp of s: stay clear of the tie. */
    if (fabs(frac - 0.5) <= s * 4.5e-16 + 1e-300)
        return 0;
    unsigned long long n = (unsigned long long)whole + (frac > 0.5 ? 1 : 0);
    unsigned long long ints = n / 100;
    unsigned dec = (unsigned)(n % 100);
    char tmp[40];
    char *end = tmp + sizeof tmp, *q = end;
    if (dec) {
        if (dec % 10) {
            *--q = (char)('0' + dec % 10);
            *--q = (char)('0' + dec / 10);
        } else {
            *--q = (char)('0' + dec / 10);
        }
        *--q = '.';
    }
    do {
        *--q = (char)('0' + ints % 10);
        ints /= 10;
    } while (ints);
    if (v < 0 && n)
        *--q = '-';
    return buf_add(b, q, (size_t)(end - q)) ? -1 : 1;
}

static int add_number(Buf *b, PyObject *item, PyObject *fixed2)
{
    double v = PyFloat_AsDouble(item);
    if (v == -1.0 && PyErr_Occurred())
        return -1;
    int done = fixed2_fast(b, v);
    if (done)
        return done < 0 ? -1 : 0;
    PyObject *text = PyObject_CallOneArg(fixed2, item);
    if (!text)
        return -1;
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(text, &len);
    int rc = s ? buf_add(b, s, (size_t)len) : -1;
    Py_DECREF(text);
    return rc;
}

static PyObject *path2(PyObject *self, PyObject *args)
{
    PyObject *codes, *nums, *fixed2;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!O!O", &PyList_Type, &codes, &PyList_Type, &nums, &fixed2))
        return NULL;
    Py_ssize_t nc = PyList_GET_SIZE(codes), nn = PyList_GET_SIZE(nums), at = 0;
    Buf b = {0};
    PyObject *result = NULL;
    for (Py_ssize_t i = 0; i < nc; i++) {
        PyObject *code = PyList_GET_ITEM(codes, i);
        if (!PyUnicode_Check(code) || PyUnicode_GET_LENGTH(code) != 1) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        Py_UCS4 c = PyUnicode_READ_CHAR(code, 0);
        int count = c == 'C' ? 6 : (c == 'M' || c == 'L') ? 2 : 0;
        if (!count || at + count > nn) {
            result = Py_NewRef(Py_None);
            goto done;
        }
        char letter = (char)c;
        if (buf_add(&b, &letter, 1))
            goto nomem;
        for (int k = 0; k < count; k++) {
            if (add_number(&b, PyList_GET_ITEM(nums, at + k), fixed2))
                goto done;
            /* C: "x1 y1, x2 y2, x y " -- a comma after every second number but the last */
            const char *sep = (c == 'C' && (k == 1 || k == 3)) ? ", " : " ";
            if (buf_add(&b, sep, strlen(sep)))
                goto nomem;
        }
        at += count;
    }
    result = PyUnicode_DecodeASCII(b.s ? b.s : "", b.n ? (Py_ssize_t)b.n - 1 : 0, "strict");
    goto done;
nomem:
    PyErr_NoMemory();
done:
    free(b.s);
    return result;
}

/* ------------------------------------------------------------------ hachure scan lines */

typedef struct {
    double ymin, ymax, x, islope;
    Py_ssize_t enter, leave; /* iterations: active for enter <= k < leave */
    double dx;               /* step * islope */
    double cur;              /* x at the current iteration */
} Edge;

/* Math.round: floor, plus one from a fraction of one half on; never -0. */
static double js_round(double v)
{
    double r = floor(v);
    return (v - r >= 0.5 ? r + 1 : r) + 0.0;
}

/* The number at index i of a point (a sequence): 0 on success, 1 when the value is not a
 * plain number or too large for double arithmetic to equal Python's int arithmetic. */
static int coordinate(PyObject *point, Py_ssize_t i, double *out)
{
    /* only lists and tuples: reading them runs no Python code that could change the polygons */
    if (!(PyList_CheckExact(point) || PyTuple_CheckExact(point)) || PySequence_Fast_GET_SIZE(point) <= i)
        return 1;
    PyObject *item = PySequence_Fast_GET_ITEM(point, i);
    Py_INCREF(item);
    int bad = 0;
    if (PyFloat_CheckExact(item)) {
        *out = PyFloat_AS_DOUBLE(item);
    } else if (PyLong_CheckExact(item)) {
        int overflow = 0;
        long long v = PyLong_AsLongLongAndOverflow(item, &overflow);
        if (overflow || v > (1LL << 52) || v < -(1LL << 52))
            bad = 1;
        *out = (double)v;
    } else {
        bad = 1;
    }
    Py_DECREF(item);
    return bad;
}

typedef struct {
    double value;
    Py_ssize_t *slot;
} Threshold;

static int threshold_order(const void *a, const void *b)
{
    const Threshold *ta = a, *tb = b;
    return (ta->value > tb->value) - (ta->value < tb->value);
}

static int edge_by_enter(const void *a, const void *b)
{
    const Edge *ea = a, *eb = b;
    return (ea->enter > eb->enter) - (ea->enter < eb->enter);
}

#define MAX_HACHURE_ITERATIONS 20000000

/* Rows of scan_line_hachure._straight_hachure_lines: see the Python for the rules. */
static PyObject *hachure_rows(PyObject *self, PyObject *args)
{
    PyObject *polygons;
    double gap, step;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!dd", &PyList_Type, &polygons, &gap, &step))
        return NULL;
    if (!(step > 0) || !isfinite(step) || !(gap > 0) || !isfinite(gap))
        Py_RETURN_NONE;
    Py_ssize_t total = 0, npoly = PyList_GET_SIZE(polygons);
    for (Py_ssize_t p = 0; p < npoly; p++) {
        PyObject *poly = PyList_GET_ITEM(polygons, p);
        if (!PyList_Check(poly))
            Py_RETURN_NONE;
        total += PyList_GET_SIZE(poly) + 1;
    }
    Edge *edges = PyMem_Malloc(sizeof(Edge) * (size_t)(total + 1));
    double *pts = PyMem_Malloc(sizeof(double) * 2 * (size_t)(total + 1));
    double *xs = NULL;
    Threshold *thresholds = NULL;
    PyObject *rows = NULL;
    if (!edges || !pts) {
        PyErr_NoMemory();
        goto done;
    }
    Py_ssize_t n = 0;
    for (Py_ssize_t p = 0; p < npoly; p++) {
        PyObject *poly = PyList_GET_ITEM(polygons, p);
        Py_ssize_t m = PyList_GET_SIZE(poly);
        if (!m)
            continue;
        for (Py_ssize_t i = 0; i < m; i++) {
            PyObject *pt = PyList_GET_ITEM(poly, i);
            if (coordinate(pt, 0, &pts[2 * i]) || coordinate(pt, 1, &pts[2 * i + 1])) {
                rows = Py_None; /* not plain numbers: the Python decides */
                Py_INCREF(rows);
                goto done;
            }
        }
        Py_ssize_t count = m;
        if (!(pts[0] == pts[2 * m - 2] && pts[1] == pts[2 * m - 1])) {
            pts[2 * m] = pts[0];
            pts[2 * m + 1] = pts[1];
            count = m + 1;
        }
        if (count <= 2)
            continue;
        for (Py_ssize_t i = 0; i + 1 < count; i++) {
            double x1 = pts[2 * i], y1 = pts[2 * i + 1], x2 = pts[2 * i + 2], y2 = pts[2 * i + 3];
            if (y1 != y2) {
                /* Python's min/max: the first unless the second is strictly smaller/larger */
                double ymin = y2 < y1 ? y2 : y1;
                double ymax = y2 > y1 ? y2 : y1;
                Edge e;
                e.ymin = ymin;
                e.ymax = ymax;
                e.x = ymin == y1 ? x1 : x2;
                e.islope = (x2 - x1) / (y2 - y1);
                if (isfinite(e.ymin) && isfinite(e.ymax) && isfinite(e.x) && isfinite(e.islope))
                    edges[n++] = e;
            }
        }
    }
    rows = PyList_New(0);
    if (!rows || !n)
        goto done;
    double y0 = edges[0].ymin, top = edges[0].ymax;
    for (Py_ssize_t i = 1; i < n; i++) {
        if (edges[i].ymin < y0)
            y0 = edges[i].ymin;
        if (edges[i].ymax > top)
            top = edges[i].ymax;
    }
    /* The iterations run from y0 to past top; bounded so hostile sizes fall back to Python. */
    if ((top - y0) / step > MAX_HACHURE_ITERATIONS) {
        Py_DECREF(rows);
        rows = Py_None;
        Py_INCREF(rows);
        goto done;
    }
    /* enter: first iteration whose y >= ymin; leave: first whose y >= ymax (ymax > ymin, so
     * leave >= enter). The 2n thresholds in ascending order, met by one walk up the ys. */
    thresholds = PyMem_Malloc(sizeof(Threshold) * 2 * (size_t)n);
    if (!thresholds) {
        PyErr_NoMemory();
        Py_CLEAR(rows);
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        thresholds[2 * i].value = edges[i].ymin;
        thresholds[2 * i].slot = &edges[i].enter;
        thresholds[2 * i + 1].value = edges[i].ymax;
        thresholds[2 * i + 1].slot = &edges[i].leave;
    }
    qsort(thresholds, 2 * (size_t)n, sizeof(Threshold), threshold_order);
    {
        double y = y0;
        Py_ssize_t t = 0;
        for (Py_ssize_t k = 0; t < 2 * n; k++) {
            if (k > MAX_HACHURE_ITERATIONS + 8) { /* y stuck (step lost in y's rounding) */
                Py_DECREF(rows);
                rows = Py_None;
                Py_INCREF(rows);
                goto done;
            }
            while (t < 2 * n && y >= thresholds[t].value)
                *thresholds[t++].slot = k;
            y = y + step;
        }
    }
    Py_ssize_t last = 0, kept = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (edges[i].leave > edges[i].enter) {
            edges[kept++] = edges[i];
            if (edges[i].leave > last)
                last = edges[i].leave;
        }
    }
    n = kept;
    if (!n)
        goto done;
    qsort(edges, (size_t)n, sizeof(Edge), edge_by_enter);
    for (Py_ssize_t i = 0; i < n; i++)
        edges[i].dx = step * edges[i].islope;
    xs = PyMem_Malloc(sizeof(double) * (size_t)n);
    if (!xs) {
        PyErr_NoMemory();
        Py_CLEAR(rows);
        goto done;
    }
    double y = y0;
    for (Py_ssize_t k = 0; k < last; k++) {
        Py_ssize_t active = 0;
        for (Py_ssize_t i = 0; i < n && edges[i].enter <= k; i++) {
            Edge *e = &edges[i];
            if (e->enter == k)
                e->cur = e->x;
            else if (k < e->leave)
                e->cur = e->cur + e->dx;
            if (k < e->leave) {
                /* insertion sort: ascending x */
                double v = e->cur;
                Py_ssize_t j = active++;
                while (j > 0 && xs[j - 1] > v) {
                    xs[j] = xs[j - 1];
                    j--;
                }
                xs[j] = v;
            }
        }
        if (active >= 2 && (step != 1 || fmod((double)k, gap) == 0)) {
            for (Py_ssize_t j = 0; j + 1 < active; j += 2) {
                double a = js_round(xs[j]), b = js_round(xs[j + 1]);
                if (!isfinite(a) || !isfinite(b) || fabs(a) >= 4503599627370496.0 ||
                    fabs(b) >= 4503599627370496.0) {
                    Py_DECREF(rows);
                    rows = Py_None;
                    Py_INCREF(rows);
                    goto done;
                }
                PyObject *row = Py_BuildValue("(ddd)", a, b, y);
                if (!row || PyList_Append(rows, row)) {
                    Py_XDECREF(row);
                    Py_CLEAR(rows);
                    goto done;
                }
                Py_DECREF(row);
            }
        }
        y = y + step;
    }
done:
    PyMem_Free(edges);
    PyMem_Free(pts);
    PyMem_Free(xs);
    PyMem_Free(thresholds);
    return rows;
}

/* Rotate every [x, y] of the polygons in place by ``degrees`` (scan_line_hachure._rotate_points). */
static int rotate_polygons(PyObject *polygons, double degrees)
{
    double angle = (M_PI / 180) * degrees;
    double c = cos(angle), s = sin(angle);
    for (Py_ssize_t p = 0; p < PyList_GET_SIZE(polygons); p++) {
        PyObject *poly = PyList_GET_ITEM(polygons, p);
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(poly); i++) {
            PyObject *pt = PyList_GET_ITEM(poly, i);
            double x = PyFloat_AsDouble(PyList_GET_ITEM(pt, 0));
            double y = PyFloat_AsDouble(PyList_GET_ITEM(pt, 1));
            if (PyErr_Occurred())
                return -1;
            PyObject *nx = PyFloat_FromDouble(x * c - y * s + 0.0);
            PyObject *ny = PyFloat_FromDouble(x * s + y * c + 0.0);
            if (!nx || !ny) {
                Py_XDECREF(nx);
                Py_XDECREF(ny);
                return -1;
            }
            PyObject *old_x = PyList_GET_ITEM(pt, 0), *old_y = PyList_GET_ITEM(pt, 1);
            PyList_SET_ITEM(pt, 0, nx);
            PyList_SET_ITEM(pt, 1, ny);
            Py_DECREF(old_x);
            Py_DECREF(old_y);
        }
    }
    return 0;
}

/* hachure_lines(polygons, gap, angle, step, python_rows) -> [(x1, y1, x2, y2), ...] | None
 * scan_line_hachure.hachure_lines for a finite non-zero angle: the polygons rotated in
 * place, their rows (hachure_rows, or python_rows(polygons, gap, step) where the C
 * declines), the polygons rotated back and the rows too. None, with nothing changed:
 * polygons not lists of [number, number] lists (ints within 2**53). */
static PyObject *hachure_lines(PyObject *self, PyObject *args)
{
    PyObject *polygons, *python_rows, *gap, *step;
    double angle;
    if (!PyArg_ParseTuple(args, "O!OdOO", &PyList_Type, &polygons, &gap, &angle, &step, &python_rows))
        return NULL;
    if (!isfinite(angle) || !angle)
        Py_RETURN_NONE;
    for (Py_ssize_t p = 0; p < PyList_GET_SIZE(polygons); p++) {
        PyObject *poly = PyList_GET_ITEM(polygons, p);
        if (!PyList_CheckExact(poly))
            Py_RETURN_NONE;
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(poly); i++) {
            PyObject *pt = PyList_GET_ITEM(poly, i);
            if (!PyList_CheckExact(pt) || PyList_GET_SIZE(pt) < 2)
                Py_RETURN_NONE;
            for (int k = 0; k < 2; k++) {
                PyObject *v = PyList_GET_ITEM(pt, k);
                if (PyLong_CheckExact(v)) {
                    int overflow = 0;
                    long long iv = PyLong_AsLongLongAndOverflow(v, &overflow);
                    if (overflow || iv > (1LL << 53) || iv < -(1LL << 53))
                        Py_RETURN_NONE;
                } else if (!PyFloat_CheckExact(v)) {
                    Py_RETURN_NONE;
                }
            }
        }
    }
    if (rotate_polygons(polygons, angle))
        return NULL;
    PyObject *row_args = PyTuple_Pack(3, polygons, gap, step);
    if (!row_args)
        return NULL;
    PyObject *rows = hachure_rows(self, row_args);
    if (rows == Py_None) {
        Py_DECREF(rows);
        rows = PyObject_Call(python_rows, row_args, NULL);
    }
    Py_DECREF(row_args);
    if (!rows)
        return NULL;
    PyObject *lines = NULL;
    if (rotate_polygons(polygons, -angle))
        goto done;
    PyObject *fast = PySequence_Fast(rows, "rows must be a sequence");
    if (!fast)
        goto done;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    double back = (M_PI / 180) * -angle;
    double c = cos(back), s = sin(back);
    lines = PyList_New(n);
    if (!lines) {
        Py_DECREF(fast);
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PySequence_Fast_GET_ITEM(fast, i);
        if (!PyTuple_Check(row) || PyTuple_GET_SIZE(row) != 3) {
            PyErr_SetString(PyExc_ValueError, "a hachure row is (x1, x2, y)");
            Py_CLEAR(lines);
            break;
        }
        double x1 = PyFloat_AsDouble(PyTuple_GET_ITEM(row, 0));
        double x2 = PyFloat_AsDouble(PyTuple_GET_ITEM(row, 1));
        double y = PyFloat_AsDouble(PyTuple_GET_ITEM(row, 2));
        if (PyErr_Occurred()) {
            Py_CLEAR(lines);
            break;
        }
        PyObject *line = Py_BuildValue("(dddd)", x1 * c - y * s + 0.0, x1 * s + y * c + 0.0, x2 * c - y * s + 0.0,
                                       x2 * s + y * c + 0.0);
        if (!line) {
            Py_CLEAR(lines);
            break;
        }
        PyList_SET_ITEM(lines, i, line);
    }
    Py_DECREF(fast);
done:
    Py_DECREF(rows);
    return lines;
}

/* ------------------------------------------------------------------ Bézier flattening */

typedef struct {
    double *xy;
    Py_ssize_t n, cap;
} Points;

static int points_add(Points *p, double x, double y)
{
    if (p->n == p->cap) {
        Py_ssize_t cap = p->cap ? 2 * p->cap : 64;
        if (cap > PY_SSIZE_T_MAX / 16)
            return -1;
        double *xy = PyMem_Realloc(p->xy, sizeof(double) * 2 * (size_t)cap);
        if (!xy)
            return -1;
        p->xy = xy;
        p->cap = cap;
    }
    p->xy[2 * p->n] = x;
    p->xy[2 * p->n + 1] = y;
    p->n++;
    return 0;
}

#define MAX_SPLIT_DEPTH 900 /* deeper than the Python's recursion limit allows: left to it */

/* curve_points._split_into: 0 done, -1 memory, 1 too deep. */
static int split_into(const double *c, double tolerance, Points *out, int depth)
{
    if (depth > MAX_SPLIT_DEPTH)
        return 1;
    double ux = 3 * c[2] - 2 * c[0] - c[6];
    ux *= ux;
    double uy = 3 * c[3] - 2 * c[1] - c[7];
    uy *= uy;
    double vx = 3 * c[4] - 2 * c[6] - c[0];
    vx *= vx;
    double vy = 3 * c[5] - 2 * c[7] - c[1];
    vy *= vy;
    if (ux < vx)
        ux = vx;
    if (uy < vy)
        uy = vy;
    if (ux + uy < tolerance) {
        if (out->n) {
            double dx = out->xy[2 * out->n - 2] - c[0];
            double dy = out->xy[2 * out->n - 1] - c[1];
            if (sqrt(dx * dx + dy * dy) > 1 && points_add(out, c[0], c[1]))
                return -1;
        } else if (points_add(out, c[0], c[1])) {
            return -1;
        }
        return points_add(out, c[6], c[7]);
    }
    double q1x = c[0] + (c[2] - c[0]) * 0.5, q1y = c[1] + (c[3] - c[1]) * 0.5;
    double q2x = c[2] + (c[4] - c[2]) * 0.5, q2y = c[3] + (c[5] - c[3]) * 0.5;
    double q3x = c[4] + (c[6] - c[4]) * 0.5, q3y = c[5] + (c[7] - c[5]) * 0.5;
    double r1x = q1x + (q2x - q1x) * 0.5, r1y = q1y + (q2y - q1y) * 0.5;
    double r2x = q2x + (q3x - q2x) * 0.5, r2y = q2y + (q3y - q2y) * 0.5;
    double rx = r1x + (r2x - r1x) * 0.5, ry = r1y + (r2y - r1y) * 0.5;
    double left[8] = {c[0], c[1], q1x, q1y, r1x, r1y, rx, ry};
    double right[8] = {rx, ry, r2x, r2y, q3x, q3y, c[6], c[7]};
    int rc = split_into(left, tolerance, out, depth + 1);
    if (rc)
        return rc;
    return split_into(right, tolerance, out, depth + 1);
}

/* Coordinates of a list of points that are all exact floats (the C's arithmetic is the
 * Python's only for floats): 0 ok, 1 something else. */
static int float_points(PyObject *points, double *xy)
{
    Py_ssize_t n = PyList_GET_SIZE(points);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *p = PyList_GET_ITEM(points, i);
        if (!PyList_CheckExact(p) || PyList_GET_SIZE(p) < 2)
            return 1;
        PyObject *x = PyList_GET_ITEM(p, 0), *y = PyList_GET_ITEM(p, 1);
        if (!PyFloat_CheckExact(x) || !PyFloat_CheckExact(y))
            return 1;
        xy[2 * i] = PyFloat_AS_DOUBLE(x);
        xy[2 * i + 1] = PyFloat_AS_DOUBLE(y);
        if (!isfinite(xy[2 * i]) || !isfinite(xy[2 * i + 1]))
            return 1;
    }
    return 0;
}

/* flatten_beziers(points, tolerance) -> [[x, y], ...] | None:
 * curve_points.points_on_bezier_curves(points, tolerance) without simplification.
 * None: points not all [float, float] lists with finite values, or a split too deep. */
static PyObject *flatten_beziers(PyObject *self, PyObject *args)
{
    PyObject *points;
    double tolerance;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!d", &PyList_Type, &points, &tolerance))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(points);
    double *xy = PyMem_Malloc(sizeof(double) * 2 * (size_t)(n + 1));
    Points out = {NULL, 0, 0};
    PyObject *result = NULL;
    if (!xy)
        return PyErr_NoMemory();
    if (float_points(points, xy)) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    for (Py_ssize_t i = 0; i < (n - 1) / 3; i++) {
        int rc = split_into(xy + 6 * i, tolerance, &out, 0);
        if (rc < 0) {
            PyErr_NoMemory();
            goto done;
        }
        if (rc > 0) {
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
    }
    result = PyList_New(out.n);
    if (!result)
        goto done;
    for (Py_ssize_t i = 0; i < out.n; i++) {
        PyObject *p = Py_BuildValue("[dd]", out.xy[2 * i], out.xy[2 * i + 1]);
        if (!p) {
            Py_CLEAR(result);
            goto done;
        }
        PyList_SET_ITEM(result, i, p);
    }
done:
    PyMem_Free(xy);
    PyMem_Free(out.xy);
    return result;
}

/* simplify_points(points, epsilon) -> list | None: curve_points._simplify_points(points, 0,
 * len(points), epsilon), the same point objects; None as for flatten_beziers. */
static PyObject *simplify_points(PyObject *self, PyObject *args)
{
    PyObject *points;
    double epsilon;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!d", &PyList_Type, &points, &epsilon))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(points);
    if (n < 1 || !(epsilon >= 0))
        Py_RETURN_NONE; /* the Python's own errors and loops */
    double *xy = PyMem_Malloc(sizeof(double) * 2 * (size_t)n);
    Py_ssize_t *stack = PyMem_Malloc(sizeof(Py_ssize_t) * 2 * (size_t)(n + 1));
    PyObject *result = NULL;
    if (!xy || !stack) {
        PyErr_NoMemory();
        goto done;
    }
    if (float_points(points, xy)) {
        result = Py_None;
        Py_INCREF(result);
        goto done;
    }
    result = PyList_New(0);
    if (!result)
        goto done;
    Py_ssize_t top = 0;
    stack[top++] = 0;
    stack[top++] = n;
    while (top) {
        Py_ssize_t end = stack[--top];
        Py_ssize_t start = stack[--top];
        double sx = xy[2 * start], sy = xy[2 * start + 1];
        double wx = xy[2 * (end - 1)] - sx, wy = xy[2 * (end - 1) + 1] - sy;
        double l2 = wx * wx + wy * wy;
        double max_dist_sq = 0.0;
        Py_ssize_t max_ndx = 1;
        for (Py_ssize_t i = start + 1; i < end - 1; i++) {
            double px = xy[2 * i], py = xy[2 * i + 1];
            double dx = px - sx, dy = py - sy;
            if (l2 != 0) {
                double t = (dx * wx + dy * wy) / l2;
                if (t < 0)
                    t = 0;
                else if (t > 1)
                    t = 1;
                dx = px - (sx + wx * t);
                dy = py - (sy + wy * t);
            }
            double d = dx * dx + dy * dy;
            if (d > max_dist_sq) {
                max_dist_sq = d;
                max_ndx = i;
            }
        }
        if (sqrt(max_dist_sq) > epsilon) {
            /* each split leaves both halves shorter (max_ndx is inside), so the stack holds
             * at most n ranges */
            if (top + 4 > 2 * (n + 1)) {
                Py_CLEAR(result);
                result = Py_None;
                Py_INCREF(result);
                goto done;
            }
            stack[top++] = max_ndx;
            stack[top++] = end;
            stack[top++] = start;
            stack[top++] = max_ndx + 1;
        } else {
            if (!PyList_GET_SIZE(result) && PyList_Append(result, PyList_GET_ITEM(points, start)))
                goto fail;
            if (PyList_Append(result, PyList_GET_ITEM(points, end - 1)))
                goto fail;
        }
    }
    goto done;
fail:
    Py_CLEAR(result);
done:
    PyMem_Free(xy);
    PyMem_Free(stack);
    return result;
}

/* ------------------------------------------------------------------ ellipses and curves */

static PyObject *point_list(double x, double y)
{
    return Py_BuildValue("[dd]", x, y);
}

#define MAX_ELLIPSE_POINTS 10000000

/* ellipse_points(increment, cx, cy, rx, ry, offset, overlap, roughness, state)
 *     -> (pts, core, new_state) | None
 * renderer._compute_ellipse_points for roughness != 0 and a seeded randomizer in state
 * (non-zero): one draw for the start angle, then 2 per point + 8. The core points are
 * the same list objects in ``pts``. None: too many points (left to the Python). */
static PyObject *ellipse_points(PyObject *self, PyObject *args)
{
    double increment, cx, cy, rx, ry, offset, overlap, r;
    unsigned long long state_in;
    (void)self;
    if (!PyArg_ParseTuple(args, "ddddddddK", &increment, &cx, &cy, &rx, &ry, &offset, &overlap, &r, &state_in))
        return NULL;
    uint32_t state = (uint32_t)state_in;
    if (!(increment > 0) || !state || r == 0)
        Py_RETURN_NONE;
    const double two_pi = M_PI * 2;
    state *= 48271u;
    double rad_offset = r * ((double)(state & 0x7FFFFFFFu) * INV_TWO_POW_31 * 1.0 - 0.5) - (M_PI / 2);
    double end_angle = two_pi + rad_offset - 0.01;
    /* math.cos/sin raise on an infinite angle: such input stays with the Python */
    if (!isfinite(rad_offset - increment) || !isfinite(end_angle) || !isfinite(rad_offset + two_pi + overlap * 0.5) ||
        !isfinite(rad_offset + overlap) || !isfinite(rad_offset + overlap * 0.5))
        Py_RETURN_NONE;
    Py_ssize_t n = 0;
    for (double angle = rad_offset; angle < end_angle; angle = angle + increment) {
        if (++n > MAX_ELLIPSE_POINTS)
            Py_RETURN_NONE;
    }
    double off2 = offset + offset;
    PyObject *core = PyList_New(n);
    PyObject *pts = PyList_New(n + 4);
    PyObject *p;
    if (!core || !pts)
        goto fail;
#define JIT(v) (state *= 48271u, (v) = r * ((double)(state & 0x7FFFFFFFu) * INV_TWO_POW_31 * off2 - offset))
    double jx, jy, a = rad_offset - increment;
    JIT(jx);
    JIT(jy);
    if (!(p = point_list(jx + cx + 0.9 * rx * cos(a), jy + cy + 0.9 * ry * sin(a))))
        goto fail;
    PyList_SET_ITEM(pts, 0, p);
    a = rad_offset;
    for (Py_ssize_t i = 0; i < n; i++, a = a + increment) {
        JIT(jx);
        JIT(jy);
        if (!(p = point_list(jx + cx + rx * cos(a), jy + cy + ry * sin(a))))
            goto fail;
        PyList_SET_ITEM(core, i, p);
        Py_INCREF(p);
        PyList_SET_ITEM(pts, i + 1, p);
    }
    a = rad_offset + two_pi + overlap * 0.5;
    JIT(jx);
    JIT(jy);
    if (!(p = point_list(jx + cx + rx * cos(a), jy + cy + ry * sin(a))))
        goto fail;
    PyList_SET_ITEM(pts, n + 1, p);
    a = rad_offset + overlap;
    JIT(jx);
    JIT(jy);
    if (!(p = point_list(jx + cx + 0.98 * rx * cos(a), jy + cy + 0.98 * ry * sin(a))))
        goto fail;
    PyList_SET_ITEM(pts, n + 2, p);
    a = rad_offset + overlap * 0.5;
    JIT(jx);
    JIT(jy);
    if (!(p = point_list(jx + cx + 0.9 * rx * cos(a), jy + cy + 0.9 * ry * sin(a))))
        goto fail;
    PyList_SET_ITEM(pts, n + 3, p);
#undef JIT
    return Py_BuildValue("(NNk)", pts, core, (unsigned long)state);
fail:
    Py_XDECREF(core);
    Py_XDECREF(pts);
    return NULL;
}

/* smooth_ellipse_points(increment, cx, cy, rx, ry) -> (pts, core) | None
 * renderer._compute_ellipse_points for roughness 0 (no random draws): the points every
 * increment / 4 from angle 0 to 2 pi, one before and two after. The core points are the
 * same list objects in ``pts``. None: a non-finite increment (cos(inf) raises) or too
 * many points (left to the Python). */
static PyObject *smooth_ellipse_points(PyObject *self, PyObject *args)
{
    double increment, cx, cy, rx, ry;
    (void)self;
    if (!PyArg_ParseTuple(args, "ddddd", &increment, &cx, &cy, &rx, &ry))
        return NULL;
    if (!(increment > 0) || !isfinite(increment))
        Py_RETURN_NONE;
    const double two_pi = M_PI * 2;
    increment = increment / 4;
    Py_ssize_t n = 0;
    for (double angle = 0.0; angle <= two_pi; angle = angle + increment) {
        if (++n > MAX_ELLIPSE_POINTS)
            Py_RETURN_NONE;
    }
    PyObject *core = PyList_New(n);
    PyObject *pts = PyList_New(n + 3);
    PyObject *p;
    if (!core || !pts)
        goto fail;
    if (!(p = point_list(cx + rx * cos(-increment), cy + ry * sin(-increment))))
        goto fail;
    PyList_SET_ITEM(pts, 0, p);
    double angle = 0.0;
    for (Py_ssize_t i = 0; i < n; i++, angle = angle + increment) {
        if (!(p = point_list(cx + rx * cos(angle), cy + ry * sin(angle))))
            goto fail;
        PyList_SET_ITEM(core, i, p);
        Py_INCREF(p);
        PyList_SET_ITEM(pts, i + 1, p);
    }
    if (!(p = point_list(cx + rx * cos(0.0), cy + ry * sin(0.0))))
        goto fail;
    PyList_SET_ITEM(pts, n + 1, p);
    if (!(p = point_list(cx + rx * cos(increment), cy + ry * sin(increment))))
        goto fail;
    PyList_SET_ITEM(pts, n + 2, p);
    return Py_BuildValue("(NN)", pts, core);
fail:
    Py_XDECREF(core);
    Py_XDECREF(pts);
    return NULL;
}

/* renderer._curve's numbers for n > 3 points xy appended to nums: the move to the second
 * point, then one cubic per inner point. 0 ok, -1 error (nothing appended). */
static int append_curve(const double *xy, Py_ssize_t n, double s, PyObject *nums)
{
    Py_ssize_t start = PyList_GET_SIZE(nums);
    if (push(nums, xy[2]) || push(nums, xy[3]))
        goto fail;
    for (Py_ssize_t i = 1; i + 2 < n; i++) {
        const double *prev = xy + 2 * (i - 1), *cur = xy + 2 * i, *nxt = xy + 2 * (i + 1), *after = xy + 2 * (i + 2);
        double v[6] = {
            cur[0] + (s * nxt[0] - s * prev[0]) / 6, cur[1] + (s * nxt[1] - s * prev[1]) / 6,
            nxt[0] + (s * cur[0] - s * after[0]) / 6, nxt[1] + (s * cur[1] - s * after[1]) / 6,
            nxt[0], nxt[1],
        };
        for (int k = 0; k < 6; k++)
            if (push(nums, v[k]))
                goto fail;
    }
    return 0;
fail:
    PyList_SetSlice(nums, start, PyList_GET_SIZE(nums), NULL);
    return -1;
}

/* curve_nums(points, s, nums) -> bool: renderer._curve's numbers for n > 3 points appended
 * to ``nums``; False (nothing appended) when a point is not a list of floats. */
static PyObject *curve_nums(PyObject *self, PyObject *args)
{
    PyObject *points, *nums;
    double s;
    (void)self;
    if (!PyArg_ParseTuple(args, "O!dO!", &PyList_Type, &points, &s, &PyList_Type, &nums))
        return NULL;
    Py_ssize_t n = PyList_GET_SIZE(points);
    if (n <= 3)
        Py_RETURN_FALSE;
    double *xy = PyMem_Malloc(sizeof(double) * 2 * (size_t)n);
    if (!xy)
        return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pt = PyList_GET_ITEM(points, i);
        if (!PyList_CheckExact(pt) || PyList_GET_SIZE(pt) < 2 || !PyFloat_CheckExact(PyList_GET_ITEM(pt, 0)) ||
            !PyFloat_CheckExact(PyList_GET_ITEM(pt, 1))) {
            PyMem_Free(xy);
            Py_RETURN_FALSE;
        }
        xy[2 * i] = PyFloat_AS_DOUBLE(PyList_GET_ITEM(pt, 0));
        xy[2 * i + 1] = PyFloat_AS_DOUBLE(PyList_GET_ITEM(pt, 1));
    }
    int rc = append_curve(xy, n, s, nums);
    PyMem_Free(xy);
    if (rc)
        return NULL;
    Py_RETURN_TRUE;
}

/* curve_with_offset(points, offset, roughness, s, state, nums) -> new state | None
 * renderer._curve_with_offset for 2+ points (a sequence of (x, y) sequences of floats or
 * ints) and a seeded randomizer in state: 2 * (n + 2) draws jitter the first point twice,
 * every other point, and the last again; _curve's numbers of the n + 2 points are
 * appended to nums. None (nothing drawn, no draw taken): input left to the Python. */
static PyObject *curve_with_offset(PyObject *self, PyObject *args)
{
    PyObject *points, *nums;
    double offset, r, s;
    unsigned long long state_in;
    (void)self;
    if (!PyArg_ParseTuple(args, "OdddKO!", &points, &offset, &r, &s, &state_in, &PyList_Type, &nums))
        return NULL;
    uint32_t state = (uint32_t)state_in;
    if (!state || !PyList_Check(points) || PyList_GET_SIZE(points) < 2 ||
        PyList_GET_SIZE(points) > PY_SSIZE_T_MAX / 64)
        Py_RETURN_NONE;
    Py_ssize_t n = PyList_GET_SIZE(points);
    double *pts = PyMem_Malloc(sizeof(double) * 2 * (size_t)n);
    double *xy = PyMem_Malloc(sizeof(double) * 2 * (size_t)(n + 2));
    PyObject *result = NULL;
    if (!pts || !xy) {
        PyErr_NoMemory();
        goto done;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pt = PyList_GET_ITEM(points, i);
        if (!(PyTuple_CheckExact(pt) || PyList_CheckExact(pt)) || PySequence_Fast_GET_SIZE(pt) < 2) {
            result = Py_None;
            Py_INCREF(result);
            goto done;
        }
        for (int k = 0; k < 2; k++) {
            PyObject *v = PySequence_Fast_GET_ITEM(pt, k);
            if (PyFloat_CheckExact(v)) {
                pts[2 * i + k] = PyFloat_AS_DOUBLE(v);
            } else if (PyLong_CheckExact(v)) {
                int overflow = 0;
                long long iv = PyLong_AsLongLongAndOverflow(v, &overflow);
                if (overflow || iv > (1LL << 53) || iv < -(1LL << 53)) {
                    result = Py_None;
                    Py_INCREF(result);
                    goto done;
                }
                pts[2 * i + k] = (double)iv;
            } else {
                result = Py_None;
                Py_INCREF(result);
                goto done;
            }
        }
    }
    double off2 = offset + offset;
    double jit[4];
#define JIT() (state *= 48271u, r * ((double)(state & 0x7FFFFFFFu) * INV_TWO_POW_31 * off2 - offset))
    for (int k = 0; k < 4; k++)
        jit[k] = JIT();
    xy[0] = pts[0] + jit[0];
    xy[1] = pts[1] + jit[1];
    xy[2] = pts[0] + jit[2];
    xy[3] = pts[1] + jit[3];
    for (Py_ssize_t i = 1; i < n; i++) {
        double jx = JIT();
        double jy = JIT();
        xy[2 * (i + 1)] = pts[2 * i] + jx;
        xy[2 * (i + 1) + 1] = pts[2 * i + 1] + jy;
    }
    {
        double jx = JIT();
        double jy = JIT();
        xy[2 * (n + 1)] = pts[2 * (n - 1)] + jx;
        xy[2 * (n + 1) + 1] = pts[2 * (n - 1) + 1] + jy;
    }
#undef JIT
    if (append_curve(xy, n + 2, s, nums))
        goto done;
    result = PyLong_FromUnsignedLong(state);
done:
    PyMem_Free(pts);
    PyMem_Free(xy);
    return result;
}

static PyMethodDef methods[] = {
    {"double_lines", double_lines, METH_VARARGS, "renderer._double_lines for a seeded randomizer."},
    {"ops_min_max", ops_min_max, METH_VARARGS, "bounds.ops_min_max over codes and numbers."},
    {"path2", path2, METH_VARARGS, "svgpath.ops_to_path(opset, 2)."},
    {"hachure_rows", hachure_rows, METH_VARARGS, "scan_line_hachure._straight_hachure_lines."},
    {"hachure_lines", hachure_lines, METH_VARARGS, "scan_line_hachure.hachure_lines for a non-zero angle."},
    {"flatten_beziers", flatten_beziers, METH_VARARGS, "curve_points.points_on_bezier_curves, unsimplified."},
    {"simplify_points", simplify_points, METH_VARARGS, "curve_points.simplify."},
    {"ellipse_points", ellipse_points, METH_VARARGS, "renderer._compute_ellipse_points (rough, seeded)."},
    {"smooth_ellipse_points", smooth_ellipse_points, METH_VARARGS, "renderer._compute_ellipse_points (roughness 0)."},
    {"curve_nums", curve_nums, METH_VARARGS, "renderer._curve's numbers for more than 3 points."},
    {"curve_with_offset", curve_with_offset, METH_VARARGS, "renderer._curve_with_offset (2+ points, seeded)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_roughcore", "Hot loops of the rough.js port in C.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__roughcore(void)
{
    return PyModule_Create(&module);
}
