/* SVG path data straight into a cairo context, for the paths our SVG is made of.
 *
 * cairosvg parses every path's ``d`` in Python (regular expressions and a
 * unit conversion per coordinate): most of a large drawing's raster time. This
 * reads the absolute commands M, L, C, Q and Z (with implicit repeats), the
 * only ones rough.js, perfect-freehand and our other element drawers write,
 * and issues the same cairo calls cairosvg's ``path()`` would, in the same
 * order and with the same arithmetic (quadratics become the cubic of
 * cairosvg.helpers.quadratic_points). Anything else (relative commands, arcs,
 * numbers it cannot read) makes ``parse`` return None and the caller uses
 * cairosvg's own handler.
 *
 * bind(addresses: tuple[int, ...]) -> None
 *   cairo's functions (addresses from cairocffi, in the order of fastpath.py's
 *   CAIRO_FUNCTIONS), given once; everything below calls them.
 * parse(d: str) -> bytes | None     the path as packed ops (opcode byte + doubles)
 * draw(ops: bytes, cr: int, x: float, y: float, straighten: bool = False) -> None
 *   cr is a cairo_t* address from cairocffi; (x, y) is the current point cairosvg
 *   starts from; ``straighten``: the path is only stroked, and cubics Chromium's
 *   stroker draws as lines are drawn as those lines (exporter/raster/flatcurves.py).
 * stroke_subpaths(cr: int) -> None
 *   strokes the current path subpath by subpath (the hairline stroker of surfaces.py).
 * paint_path(cr, ops, ...) -> None   a whole plain path node (see below).
 * bind_matrix(addresses: tuple[int, ...]) -> None
 *   cairo's matrix functions (fastpath.py MATRIX_FUNCTIONS), for open_group.
 * open_group(cr, transforms, line_cap, line_join, miter_limit, dashes=b"", dash_offset=0.0) -> bool
 *   the start of a plain group node (see below); False when its transform is not invertible.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { OP_MOVE = 1, OP_LINE = 2, OP_CURVE = 3, OP_QUAD = 4, OP_CLOSE = 5 };

typedef struct { unsigned char *p; size_t n, cap; } Out;

static int out_add(Out *o, const void *data, size_t n)
{
    if (o->n + n > o->cap) {
        size_t cap = o->cap ? o->cap : 1024;
        while (cap < o->n + n)
            cap *= 2;
        unsigned char *p = realloc(o->p, cap);
        if (!p)
            return -1;
        o->p = p;
        o->cap = cap;
    }
    memcpy(o->p + o->n, data, n);
    o->n += n;
    return 0;
}

static int is_sep(char c) { return c == ' ' || c == ',' || c == '\t' || c == '\n' || c == '\r'; }

/* Powers of ten that doubles hold exactly. */
static const double EXACT_POW10[] = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
};

/* One number at *pos (after separators); 1 read, 0 none there, -1 unreadable.
 *
 * One pass reads the token and, while it goes, its value when that can be had exactly
 * (Clinger's fast path): at most 2^53 as an integer mantissa of up to 18 significant
 * digits and a power of ten up to 22, so one IEEE division rounds it correctly, as
 * float() does. Our path data (two decimals) always takes this path; anything else
 * (an exponent, long mantissas) goes to Python's own conversion. */
static int read_number(const char *s, Py_ssize_t len, Py_ssize_t *pos, double *value)
{
    Py_ssize_t i = *pos;
    while (i < len && is_sep(s[i]))
        i++;
    if (i >= len)
        return 0;
    Py_ssize_t start = i;
    int negative = 0;
    if (s[i] == '-' || s[i] == '+')
        negative = s[i++] == '-';
    uint64_t mantissa = 0;
    int digits = 0, significant = 0, exponent = 0, exact = 1;
    for (; i < len && (unsigned char)(s[i] - '0') < 10; i++, digits++) {
        if (mantissa || s[i] != '0')
            significant++;
        if (significant > 18)
            exact = 0;
        else
            mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
    }
    if (i < len && s[i] == '.') {
        for (i++; i < len && (unsigned char)(s[i] - '0') < 10; i++, digits++) {
            if (mantissa || s[i] != '0')
                significant++;
            if (significant > 18)
                exact = 0;
            else {
                mantissa = mantissa * 10 + (uint64_t)(s[i] - '0');
                exponent--;
            }
        }
    }
    if (!digits) {
        if (i == start)
            return 0;  /* a letter (or junk) comes next */
        return -1;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        Py_ssize_t e = i + 1;
        if (e < len && (s[e] == '-' || s[e] == '+'))
            e++;
        if (e < len && s[e] >= '0' && s[e] <= '9') {
            while (e < len && s[e] >= '0' && s[e] <= '9')
                e++;
            i = e;
            exact = 0;
        } else {
            return -1;
        }
    }
    if (exact && mantissa <= ((uint64_t)1 << 53) && exponent >= -22) {
        double v = (double)mantissa / EXACT_POW10[-exponent];
        *value = negative ? -v : v;
        *pos = i;
        return 1;
    }
    char buf[64];
    if (i - start >= (Py_ssize_t)sizeof buf)
        return -1;
    memcpy(buf, s + start, (size_t)(i - start));
    buf[i - start] = 0;
    char *end = NULL;
    double v = PyOS_string_to_double(buf, &end, NULL);
    if (v == -1.0 && PyErr_Occurred()) {
        PyErr_Clear();
        return -1;
    }
    if (!end || *end)
        return -1;
    *value = v;
    *pos = i;
    return 1;
}

static PyObject *parse(PyObject *self, PyObject *arg)
{
    (void)self;
    if (!PyUnicode_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "d must be a str");
        return NULL;
    }
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(arg, &len);
    if (!s)
        return NULL;
    Out out = {0};
    Py_ssize_t pos = 0;
    char letter = 0;
    for (;;) {
        while (pos < len && is_sep(s[pos]))
            pos++;
        if (pos >= len)
            break;
        char c = s[pos];
        if (c == 'M' || c == 'L' || c == 'C' || c == 'Q' || c == 'Z') {
            letter = c;
            pos++;
            if (c == 'Z') {
                unsigned char op = OP_CLOSE;
                if (out_add(&out, &op, 1))
                    goto nomem;
                /* numbers right after Z: cairosvg repeats Z on them; leave that to it */
                Py_ssize_t peek = pos;
                double ignored;
                if (read_number(s, len, &peek, &ignored) != 0)
                    goto fallback;
                continue;
            }
        } else if (!letter || letter == 'Z') {
            goto fallback;  /* numbers with no command, or an unknown command */
        } else if (!((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.')) {
            goto fallback;  /* another command letter: relative, arc, H/V, S/T */
        }
        int count = letter == 'C' ? 6 : letter == 'Q' ? 4 : 2;
        double v[6];
        for (int k = 0; k < count; k++) {
            int r = read_number(s, len, &pos, &v[k]);
            if (r != 1)
                goto fallback;
        }
        unsigned char op = letter == 'M' ? OP_MOVE : letter == 'L' ? OP_LINE : letter == 'C' ? OP_CURVE : OP_QUAD;
        if (out_add(&out, &op, 1) || out_add(&out, v, sizeof(double) * (size_t)count))
            goto nomem;
        if (letter == 'M')
            letter = 'L';  /* implicit repeats of M are lines */
    }
    PyObject *result = PyBytes_FromStringAndSize((const char *)(out.p ? out.p : (unsigned char *)""),
                                                 (Py_ssize_t)out.n);
    free(out.p);
    return result;
fallback:
    free(out.p);
    Py_RETURN_NONE;
nomem:
    free(out.p);
    return PyErr_NoMemory();
}


/* ---- Skia's stroker: cubics that it strokes as lines (exporter/raster/flatcurves.py
 * is the reference; the same arithmetic, so both give the same points). */

static double (*volatile libm_pow)(double, double) = pow;

typedef struct { double x, y; } P2;

static double dist_to_line_sq(P2 p, P2 a, P2 b)
{
    double dx = b.x - a.x, dy = b.y - a.y;
    double denom = dx * dx + dy * dy;
    if (denom == 0 || !isfinite(denom))
        return libm_pow(p.x - a.x, 2) + libm_pow(p.y - a.y, 2);
    double t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / denom;
    double hx = a.x * (1 - t) + b.x * t, hy = a.y * (1 - t) + b.y * t;
    return libm_pow(hx - p.x, 2) + libm_pow(hy - p.y, 2);
}

static int cubic_in_line(const P2 c[4])
{
    double best = -1;
    int o1 = 0, o2 = 3;
    for (int i = 0; i < 3; i++)
        for (int j = i + 1; j < 4; j++) {
            double ax = fabs(c[j].x - c[i].x), ay = fabs(c[j].y - c[i].y);
            double span = ay > ax ? ay : ax;
            if (best < span) {
                best = span;
                o1 = i;
                o2 = j;
            }
        }
    int mid1 = (1 + (2 >> o2)) >> o1;
    int mid2 = o1 ^ o2 ^ mid1;
    double slop = best * best * 0.00001;
    return dist_to_line_sq(c[mid1], c[o1], c[o2]) <= slop && dist_to_line_sq(c[mid2], c[o1], c[o2]) <= slop;
}

static int sort_unique(double *t, int n)
{
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && t[j] < t[j - 1]; j--) {
            double tmp = t[j];
            t[j] = t[j - 1];
            t[j - 1] = tmp;
        }
    int m = 0;
    for (int i = 0; i < n; i++)
        if (m == 0 || t[i] != t[m - 1])
            t[m++] = t[i];
    return m;
}

static double pin01(double v) { return v < 0.0 ? 0.0 : (v > 1.0 ? 1.0 : v); }

/* flatcurves.max_curvature_ts */
static int max_curvature_ts(const P2 c[4], double out[3])
{
    double coeff[4] = {0, 0, 0, 0};
    for (int k = 0; k < 2; k++) {
        double c0 = k ? c[0].y : c[0].x, c1 = k ? c[1].y : c[1].x, c2 = k ? c[2].y : c[2].x, c3 = k ? c[3].y : c[3].x;
        double a = c1 - c0;
        double b = c2 - 2 * c1 + c0;
        double cc = c3 + 3 * (c1 - c2) - c0;
        coeff[0] += cc * cc;
        coeff[1] += 3 * b * cc;
        coeff[2] += 2 * b * b + cc * a;
        coeff[3] += a * b;
    }
    if (fabs(coeff[0]) <= 1.0 / 4096) {
        double a = coeff[1], b = coeff[2], cc = coeff[3];
        int n = 0;
        if (a == 0) {
            if (b != 0 && 0 < -cc / b && -cc / b < 1)
                out[n++] = -cc / b;
            return n;
        }
        double disc = b * b - 4 * a * cc;
        if (disc < 0)
            return 0;
        double r = sqrt(disc);
        double q = b < 0 ? -(b - r) / 2 : -(b + r) / 2;
        double cand[2] = {q / a, q != 0 ? cc / q : NAN};
        for (int i = 0; i < 2; i++)
            if (0 < cand[i] && cand[i] < 1)
                out[n++] = cand[i];
        return sort_unique(out, n);
    }
    double inv = 1 / coeff[0];
    double a = coeff[1] * inv, b = coeff[2] * inv, cc = coeff[3] * inv;
    double q = (a * a - b * 3) / 9;
    double r = (2 * a * a * a - 9 * a * b + 27 * cc) / 54;
    double q3 = q * q * q;
    double adiv3 = a / 3;
    if (r * r - q3 < 0) {
        double ratio = r / sqrt(q3);
        double theta = acos(ratio > 1.0 ? 1.0 : (ratio < -1.0 ? -1.0 : ratio));
        double neg2 = -2 * sqrt(q);
        const double ks[3] = {0, 1, -1};
        for (int i = 0; i < 3; i++)
            out[i] = pin01(neg2 * cos((theta + ks[i] * 2 * M_PI) / 3) - adiv3);
        return sort_unique(out, 3);
    }
    double big = fabs(r) + sqrt(r * r - q3);
    big = copysign(libm_pow(fabs(big), 1.0 / 3), big);
    if (r > 0)
        big = -big;
    if (big != 0)
        big += q / big;
    out[0] = pin01(big - adiv3);
    return 1;
}

static P2 cubic_at(const P2 c[4], double t)
{
    double u = 1 - t;
    P2 p;
    p.x = u * u * u * c[0].x + 3 * u * u * t * c[1].x + 3 * u * t * t * c[2].x + t * t * t * c[3].x;
    p.y = u * u * u * c[0].y + 3 * u * u * t * c[1].y + 3 * u * t * t * c[2].y + t * t * t * c[3].y;
    return p;
}

typedef void (*point_fn)(void *, double, double);
typedef void (*curve_fn)(void *, double, double, double, double, double, double);
typedef void (*close_fn)(void *);

static void replay_ops(const unsigned char *p, Py_ssize_t len, void *cr, double x, double y, int straighten);

/* cairo's path layout (cairo.h): a header {type, length} or a point, 16 bytes each. */
typedef union {
    struct { int type; int length; } header;
    struct { double x, y; } point;
} PathData;
typedef struct { int status; PathData *data; int num_data; } CairoPath;
enum { CAIRO_PATH_MOVE_TO = 0 };
typedef CairoPath *(*copy_path_fn)(void *);
typedef void (*path_fn)(CairoPath *);
typedef void (*append_fn)(void *, const CairoPath *);
typedef void (*context_fn)(void *);

/* ---- cairo's functions, bound once (bind) and called by draw, stroke_subpaths and paint_path. */

typedef void (*int_fn)(void *, int);
typedef void (*double_fn)(void *, double);
typedef void (*rgba_fn)(void *, double, double, double, double);
typedef int (*query_fn)(void *);
typedef void (*get_point_fn)(void *, double *, double *);
typedef void (*distance_fn)(void *, double *, double *);
typedef void (*dash_fn)(void *, const double *, int, double);

enum { CAIRO_FILL_RULE_EVEN_ODD = 1 };

static struct {
    int bound;
    point_fn move_to, line_to;
    curve_fn curve_to;
    close_fn close_path;
    context_fn save, restore, fill_preserve, stroke, new_path;
    int_fn set_fill_rule, set_line_cap, set_line_join;
    double_fn set_line_width, set_miter_limit;
    rgba_fn set_source_rgba;
    query_fn has_current_point;
    get_point_fn get_current_point;
    distance_fn user_to_device_distance;
    copy_path_fn copy_path;
    path_fn path_destroy;
    append_fn append_path;
    dash_fn set_dash;
    PyObject *hypot;  /* Python's math.hypot: the hairline width must be the very same double */
} cairo_fns;

/* The function addresses of ``arg`` (a tuple of ``count`` non-zero ints) into ``found``;
 * -1 with a Python error when it is not one. */
static int read_addresses(PyObject *arg, void **found, Py_ssize_t count, const char *name)
{
    if (!PyTuple_Check(arg) || PyTuple_GET_SIZE(arg) != count) {
        PyErr_Format(PyExc_TypeError, "%s() takes a tuple of %zd addresses", name, count);
        return -1;
    }
    for (Py_ssize_t i = 0; i < count; i++) {
        unsigned long long address = PyLong_AsUnsignedLongLong(PyTuple_GET_ITEM(arg, i));
        if (PyErr_Occurred())
            return -1;
        if (!address) {
            PyErr_SetString(PyExc_ValueError, "null cairo pointer");
            return -1;
        }
        found[i] = (void *)(uintptr_t)address;
    }
    return 0;
}

/* bind(addresses: tuple[int, ...]) -- cairo's functions, in the order of the names
 * in exporter/raster/fastpath.py CAIRO_FUNCTIONS. */
static PyObject *bind(PyObject *self, PyObject *arg)
{
    (void)self;
    void **slots[] = {
        (void **)&cairo_fns.move_to, (void **)&cairo_fns.line_to, (void **)&cairo_fns.curve_to,
        (void **)&cairo_fns.close_path, (void **)&cairo_fns.save, (void **)&cairo_fns.restore,
        (void **)&cairo_fns.fill_preserve, (void **)&cairo_fns.stroke, (void **)&cairo_fns.new_path,
        (void **)&cairo_fns.set_fill_rule, (void **)&cairo_fns.set_line_cap, (void **)&cairo_fns.set_line_join,
        (void **)&cairo_fns.set_line_width, (void **)&cairo_fns.set_miter_limit,
        (void **)&cairo_fns.set_source_rgba, (void **)&cairo_fns.has_current_point,
        (void **)&cairo_fns.get_current_point, (void **)&cairo_fns.user_to_device_distance,
        (void **)&cairo_fns.copy_path, (void **)&cairo_fns.path_destroy, (void **)&cairo_fns.append_path,
        (void **)&cairo_fns.set_dash,
    };
    Py_ssize_t count = (Py_ssize_t)(sizeof slots / sizeof slots[0]);
    void *found[sizeof slots / sizeof slots[0]];
    if (read_addresses(arg, found, count, "bind") < 0)
        return NULL;
    if (!cairo_fns.hypot) {
        PyObject *math = PyImport_ImportModule("math");
        if (!math)
            return NULL;
        cairo_fns.hypot = PyObject_GetAttrString(math, "hypot");
        Py_DECREF(math);
        if (!cairo_fns.hypot)
            return NULL;
    }
    for (Py_ssize_t i = 0; i < count; i++)
        *slots[i] = found[i];
    cairo_fns.bound = 1;
    Py_RETURN_NONE;
}

/* Stroke cr's current path one subpath at a time (a new one at every move); -1 if cairo
 * could not copy the path. */
static int stroke_each_subpath(void *cr)
{
    CairoPath *path = cairo_fns.copy_path(cr);
    if (!path || path->status) {
        if (path)
            cairo_fns.path_destroy(path);
        return -1;
    }
    int start = 0, i = 0;
    while (i < path->num_data) {
        int length = path->data[i].header.length;
        if (length < 1)
            break;
        if (path->data[i].header.type == CAIRO_PATH_MOVE_TO && i > start) {
            CairoPath part = {0, path->data + start, i - start};
            cairo_fns.new_path(cr);
            cairo_fns.append_path(cr, &part);
            cairo_fns.stroke(cr);
            start = i;
        }
        i += length;
    }
    if (i > start) {
        CairoPath part = {0, path->data + start, (i < path->num_data ? i : path->num_data) - start};
        cairo_fns.new_path(cr);
        cairo_fns.append_path(cr, &part);
        cairo_fns.stroke(cr);
    }
    cairo_fns.path_destroy(path);
    return 0;
}

/* cr as a pointer, or NULL with a ValueError set (functions not bound, or no context). */
static void *bound_context(unsigned long long cr_addr)
{
    if (!cairo_fns.bound || !cr_addr) {
        PyErr_SetString(PyExc_ValueError, cairo_fns.bound ? "null cairo context" : "cairo functions not bound");
        return NULL;
    }
    return (void *)(uintptr_t)cr_addr;
}

static PyObject *draw(PyObject *self, PyObject *args)
{
    Py_buffer ops;
    unsigned long long cr_addr;
    double x, y;
    int straighten = 0;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*Kdd|p", &ops, &cr_addr, &x, &y, &straighten))
        return NULL;
    void *cr = bound_context(cr_addr);
    if (cr)
        replay_ops(ops.buf, ops.len, cr, x, y, straighten);
    PyBuffer_Release(&ops);
    if (!cr)
        return NULL;
    Py_RETURN_NONE;
}

/* Issue packed ops on cr, starting from the current point (x, y); see draw(). */
static void replay_ops(const unsigned char *p, Py_ssize_t len, void *cr, double x, double y, int straighten)
{
    point_fn move_to = cairo_fns.move_to, line_to = cairo_fns.line_to;
    curve_fn curve_to = cairo_fns.curve_to;
    close_fn close_path = cairo_fns.close_path;
    const unsigned char *end = p + len;
    /* cairosvg's bookkeeping: the current point, and the start of the subpath that Z
     * closes (none right after a move: "M x y Z" closes nothing). */
    double cur_x = x, cur_y = y, first_x = 0, first_y = 0;
    int have_first = 0;
    unsigned char last = 0;
    while (p < end) {
        unsigned char op = *p++;
        int count = op == OP_CURVE ? 6 : op == OP_QUAD ? 4 : op == OP_CLOSE ? 0 : 2;
        if (p + sizeof(double) * (size_t)count > end)
            break;
        double v[6];
        memcpy(v, p, sizeof(double) * (size_t)count);
        p += sizeof(double) * (size_t)count;
        if (op != OP_MOVE && op != OP_CLOSE) {
            if (last == 0 || last == OP_MOVE || last == OP_CLOSE) {
                first_x = cur_x;
                first_y = cur_y;
                have_first = 1;
            }
        } else if (op == OP_MOVE) {
            have_first = 0;
        }
        switch (op) {
        case OP_MOVE:
            move_to(cr, v[0], v[1]);
            cur_x = v[0];
            cur_y = v[1];
            break;
        case OP_LINE:
            line_to(cr, v[0], v[1]);
            cur_x = v[0];
            cur_y = v[1];
            break;
        case OP_CURVE:
            if (straighten && isfinite(v[0]) && isfinite(v[1]) && isfinite(v[2]) && isfinite(v[3])
                && isfinite(v[4]) && isfinite(v[5])) {
                P2 c[4] = {{cur_x, cur_y}, {v[0], v[1]}, {v[2], v[3]}, {v[4], v[5]}};
                if (cubic_in_line(c)) {
                    double ts[3];
                    int n = max_curvature_ts(c, ts);
                    for (int k = 0; k < n; k++) {
                        if (0 < ts[k] && ts[k] < 1) {
                            P2 r = cubic_at(c, ts[k]);
                            if (!(r.x == c[0].x && r.y == c[0].y) && !(r.x == c[3].x && r.y == c[3].y))
                                line_to(cr, r.x, r.y);
                        }
                    }
                    line_to(cr, v[4], v[5]);
                    cur_x = v[4];
                    cur_y = v[5];
                    break;
                }
            }
            curve_to(cr, v[0], v[1], v[2], v[3], v[4], v[5]);
            cur_x = v[4];
            cur_y = v[5];
            break;
        case OP_QUAD: {
            /* cairosvg.helpers.quadratic_points(cur, control, end) */
            double xq1 = v[0] * 2 / 3 + cur_x / 3;
            double yq1 = v[1] * 2 / 3 + cur_y / 3;
            double xq2 = v[0] * 2 / 3 + v[2] / 3;
            double yq2 = v[1] * 2 / 3 + v[3] / 3;
            curve_to(cr, xq1, yq1, xq2, yq2, v[2], v[3]);
            cur_x = v[2];
            cur_y = v[3];
            break;
        }
        case OP_CLOSE:
            if (have_first && last != OP_MOVE && last != OP_CLOSE && last != 0) {
                close_path(cr);
                cur_x = first_x;
                cur_y = first_y;
            }
            break;
        default:
            break;
        }
        last = op;
    }
}

/* The current path stroked one subpath at a time (a new subpath at every move), as the
 * hairline stroker in exporter/raster/surfaces.py does in Python: each subpath then
 * adds its own coverage, like Skia's hairlines. */
static PyObject *stroke_subpaths(PyObject *self, PyObject *args)
{
    unsigned long long cr_addr;
    (void)self;
    if (!PyArg_ParseTuple(args, "K", &cr_addr))
        return NULL;
    void *cr = bound_context(cr_addr);
    if (!cr)
        return NULL;
    int status;
    Py_BEGIN_ALLOW_THREADS
    status = stroke_each_subpath(cr);
    Py_END_ALLOW_THREADS
    if (status < 0) {
        PyErr_SetString(PyExc_RuntimeError, "cairo could not copy the path");
        return NULL;
    }
    Py_RETURN_NONE;
}

/* What cairosvg does at the start of every node it draws, after the transform: move to
 * (0, 0), caps and joins (-1: leave), dashes (none: leave), miter limit. */
static void node_start(void *cr, int line_cap, int line_join, const double *dashes, int dash_count,
                       double dash_offset, double miter_limit)
{
    cairo_fns.move_to(cr, 0, 0);
    if (line_cap >= 0)
        cairo_fns.set_line_cap(cr, line_cap);
    if (line_join >= 0)
        cairo_fns.set_line_join(cr, line_join);
    if (dash_count)
        cairo_fns.set_dash(cr, dashes, dash_count, dash_offset);
    cairo_fns.set_miter_limit(cr, miter_limit);
}

/* paint_path(cr, ops, straighten, fill_rgba, evenodd, line_width, stroke_rgba, line_cap, line_join,
 *            miter_limit, hairlines, dashes=b"", dash_offset=0.0) -> None
 * save; move to (0, 0); caps, joins (-1: leave), dashes (packed doubles; none: leave)
 * and miter limit; the path from the
 * current point; fill_preserve in fill_rgba (with the even-odd rule if asked); stroke
 * in stroke_rgba at line_width, as a hairline per subpath when ``hairlines`` and the
 * width is under one device pixel (surfaces.py HairlineContext.stroke); restore. */
static PyObject *paint_path(PyObject *self, PyObject *args)
{
    unsigned long long cr_addr;
    Py_buffer ops;
    Py_buffer dashes = {0};
    int straighten, evenodd, line_cap, line_join, hairlines;
    double fill[4], stroke[4], line_width, miter_limit, dash_offset = 0;
    (void)self;
    if (!PyArg_ParseTuple(args, "Ky*p(dddd)pd(dddd)iidp|y*d", &cr_addr, &ops, &straighten, &fill[0], &fill[1],
                          &fill[2], &fill[3], &evenodd, &line_width, &stroke[0], &stroke[1], &stroke[2],
                          &stroke[3], &line_cap, &line_join, &miter_limit, &hairlines, &dashes, &dash_offset))
        return NULL;
    int dash_count = dashes.buf ? (int)(dashes.len / (Py_ssize_t)sizeof(double)) : 0;
    void *cr = bound_context(cr_addr);
    if (cr && dashes.buf && dashes.len % (Py_ssize_t)sizeof(double)) {
        PyErr_SetString(PyExc_ValueError, "dashes must be packed doubles");
        cr = NULL;
    }
    if (!cr) {
        PyBuffer_Release(&ops);
        if (dashes.buf)
            PyBuffer_Release(&dashes);
        return NULL;
    }
    /* The stroke's width in device pixels, measured as Python measures it (math.hypot);
     * nothing below changes the transformation, so it can be taken first. */
    double device = 0;
    if (hairlines) {
        double dx = line_width, dy = 0;
        cairo_fns.user_to_device_distance(cr, &dx, &dy);
        PyObject *length = PyObject_CallFunction(cairo_fns.hypot, "dd", dx, dy);
        if (!length) {
            PyBuffer_Release(&ops);
            if (dashes.buf)
                PyBuffer_Release(&dashes);
            return NULL;
        }
        device = PyFloat_AsDouble(length);
        Py_DECREF(length);
    }
    /* The drawing itself needs no Python: other threads (a batch's progress display,
     * an embedding application's own work) run meanwhile. */
    Py_BEGIN_ALLOW_THREADS
    cairo_fns.save(cr);
    node_start(cr, line_cap, line_join, (const double *)dashes.buf, dash_count, dash_offset, miter_limit);
    double x = 0, y = 0;
    if (cairo_fns.has_current_point(cr))
        cairo_fns.get_current_point(cr, &x, &y);
    replay_ops(ops.buf, ops.len, cr, x, y, straighten);

    cairo_fns.save(cr);
    if (evenodd)
        cairo_fns.set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    cairo_fns.set_source_rgba(cr, fill[0], fill[1], fill[2], fill[3]);
    cairo_fns.fill_preserve(cr);
    cairo_fns.restore(cr);

    cairo_fns.save(cr);
    cairo_fns.set_line_width(cr, line_width);
    cairo_fns.set_source_rgba(cr, stroke[0], stroke[1], stroke[2], stroke[3]);
    if (hairlines && 0 < device && device < 1) {
        cairo_fns.set_line_width(cr, line_width / device);
        cairo_fns.set_source_rgba(cr, stroke[0], stroke[1], stroke[2], stroke[3] * device);
        stroke_each_subpath(cr);
    } else {
        cairo_fns.stroke(cr);
    }
    cairo_fns.restore(cr);
    cairo_fns.restore(cr);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&ops);
    if (dashes.buf)
        PyBuffer_Release(&dashes);
    Py_RETURN_NONE;
}

/* ---- a group's start: its transform and stroke settings, as leandraw.py makes them. */

typedef struct { double xx, yx, xy, yy, x0, y0; } CairoMatrix;

static struct {
    int bound;
    void (*init_identity)(CairoMatrix *);
    void (*init)(CairoMatrix *, double, double, double, double, double, double);
    void (*translate)(CairoMatrix *, double, double);
    void (*rotate)(CairoMatrix *, double);
    void (*scale)(CairoMatrix *, double, double);
    void (*multiply)(CairoMatrix *, const CairoMatrix *, const CairoMatrix *);
    int (*invert)(CairoMatrix *);
    void (*transform)(void *, const CairoMatrix *);
} matrix_fns;

/* bind_matrix(addresses) -- in the order of fastpath.py MATRIX_FUNCTIONS. */
static PyObject *bind_matrix(PyObject *self, PyObject *arg)
{
    (void)self;
    void **slots[] = {
        (void **)&matrix_fns.init_identity, (void **)&matrix_fns.init, (void **)&matrix_fns.translate,
        (void **)&matrix_fns.rotate, (void **)&matrix_fns.scale, (void **)&matrix_fns.multiply,
        (void **)&matrix_fns.invert, (void **)&matrix_fns.transform,
    };
    Py_ssize_t count = (Py_ssize_t)(sizeof slots / sizeof slots[0]);
    void *found[sizeof slots / sizeof slots[0]];
    if (read_addresses(arg, found, count, "bind_matrix") < 0)
        return NULL;
    for (Py_ssize_t i = 0; i < count; i++)
        *slots[i] = found[i];
    matrix_fns.bound = 1;
    Py_RETURN_NONE;
}

enum { TF_TRANSLATE = 1, TF_ROTATE = 2, TF_SCALE = 3, TF_MATRIX = 4 };

/* open_group(cr, transforms, line_cap, line_join, miter_limit, dashes=b"", dash_offset=0.0) -> bool
 * ``transforms``: packed (kind byte, its doubles): translate (x, y), rotate (radians, cx, cy),
 * scale (sx, sy), matrix (a b c d e f). The matrix is built by cairo's own functions in
 * leandraw._transform's order (rotate about a point: translate, rotate, translate back;
 * matrix(...) multiplied in front), inverted twice as cairosvg does to test it. If it is
 * not invertible nothing is done and False comes back (the caller lets cairosvg handle
 * it); else: save, transform, move to (0, 0), caps and joins (-1: leave), dashes (packed
 * doubles; none: leave), miter limit. */
static PyObject *open_group(PyObject *self, PyObject *args)
{
    unsigned long long cr_addr;
    Py_buffer ops;
    Py_buffer dashes = {0};
    int line_cap, line_join;
    double miter_limit, dash_offset = 0;
    (void)self;
    if (!PyArg_ParseTuple(args, "Ky*iid|y*d", &cr_addr, &ops, &line_cap, &line_join, &miter_limit, &dashes,
                          &dash_offset))
        return NULL;
    void *cr = bound_context(cr_addr);
    const char *problem = NULL;
    if (cr && !matrix_fns.bound)
        problem = "cairo matrix functions not bound";
    else if (cr && dashes.buf && dashes.len % (Py_ssize_t)sizeof(double))
        problem = "dashes must be packed doubles";
    CairoMatrix m;
    int has_transform = ops.len > 0, invertible = 1;
    if (cr && !problem && has_transform) {
        matrix_fns.init_identity(&m);
        const unsigned char *p = ops.buf, *end = p + ops.len;
        while (p < end && !problem) {
            int kind = *p++;
            int n = kind == TF_TRANSLATE || kind == TF_SCALE ? 2 : kind == TF_ROTATE ? 3 : kind == TF_MATRIX ? 6 : -1;
            if (n < 0 || end - p < (Py_ssize_t)(n * sizeof(double))) {
                problem = "malformed transforms";
                break;
            }
            double v[6];
            memcpy(v, p, (size_t)n * sizeof(double));
            p += n * sizeof(double);
            if (kind == TF_TRANSLATE) {
                matrix_fns.translate(&m, v[0], v[1]);
            } else if (kind == TF_ROTATE) {
                matrix_fns.translate(&m, v[1], v[2]);
                matrix_fns.rotate(&m, v[0]);
                matrix_fns.translate(&m, -v[1], -v[2]);
            } else if (kind == TF_SCALE) {
                matrix_fns.scale(&m, v[0], v[1]);
            } else {
                CairoMatrix given;
                matrix_fns.init(&given, v[0], v[1], v[2], v[3], v[4], v[5]);
                matrix_fns.multiply(&m, &given, &m);
            }
        }
        if (!problem) {
            CairoMatrix test = m;
            invertible = matrix_fns.invert(&test) == 0;  /* CAIRO_STATUS_SUCCESS */
            if (invertible) {
                matrix_fns.invert(&m);
                matrix_fns.invert(&m);
            }
        }
    }
    if (!cr || problem || !invertible) {
        if (problem)
            PyErr_SetString(PyExc_ValueError, problem);
        PyBuffer_Release(&ops);
        if (dashes.buf)
            PyBuffer_Release(&dashes);
        if (!cr || problem)
            return NULL;
        Py_RETURN_FALSE;
    }
    int dash_count = dashes.buf ? (int)(dashes.len / (Py_ssize_t)sizeof(double)) : 0;
    cairo_fns.save(cr);
    if (has_transform)
        matrix_fns.transform(cr, &m);
    node_start(cr, line_cap, line_join, (const double *)dashes.buf, dash_count, dash_offset, miter_limit);
    PyBuffer_Release(&ops);
    if (dashes.buf)
        PyBuffer_Release(&dashes);
    Py_RETURN_TRUE;
}

static PyMethodDef methods[] = {
    {"bind", bind, METH_O, "Give paint_path cairo's functions (a tuple of addresses)."},
    {"paint_path", paint_path, METH_VARARGS, "Draw, fill and stroke one plain path node."},
    {"parse", parse, METH_O, "Path data -> packed ops, or None when cairosvg must read it."},
    {"draw", draw, METH_VARARGS, "Issue packed ops on a cairo context."},
    {"stroke_subpaths", stroke_subpaths, METH_VARARGS, "Stroke the current path one subpath at a time."},
    {"bind_matrix", bind_matrix, METH_O, "Give open_group cairo's matrix functions (a tuple of addresses)."},
    {"open_group", open_group, METH_VARARGS, "Start a plain group node: save, transform, stroke settings."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_cairopath", "SVG path data straight into cairo.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__cairopath(void)
{
    return PyModule_Create(&module);
}
