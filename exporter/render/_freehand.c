/* The freedraw stroke of an element as Excalidraw's SVG path text, in C.
 *
 * The same computation as exporter/render/freehand.py for the options
 * Excalidraw itself passes (freedraw_options without a fork pen): perfect-
 * freehand's getStrokePoints and getStrokeOutlinePoints, then
 * getSvgPathFromStroke with the 2-decimal truncating regex. Every floating-
 * point operation is done in the order of the Python (which keeps the order
 * of the JavaScript), so the text is byte-identical; freehand.py stays the
 * reference and the fallback.
 *
 * stroke_path(points, pressures, use_pressures, size, thinning, smoothing,
 *             streamline, ease_out_sine, simulate, tables, truncated) -> str | None
 *   points         the element's points: a list of [x, y] rows, or the bytes of a
 *                  PointList's doubles x0 y0 x1 y1 ... (exporter/scene/points.py)
 *   pressures      list of pressures (read when use_pressures)
 *   tables         (corner_pos, corner_neg, start_cap, dot, end_cap): tuples of
 *                  (sin, cos) pairs from freehand.py, so the angles are its own
 *   truncated      freehand._truncated, for the rare number that is not
 *                  plainly "[-]int.dd" (exponents, near-integers, NaN)
 * Returns None when an input is not of the plain kind handled here (a row
 * that is not a list of numbers, ...): the caller then takes the Python path.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#define RATE 0.275

typedef struct { double x, y, p, vx, vy, d, run; } StrokePoint;
typedef struct { double x, y; } Pt;
typedef struct { double s, c; } Angle;

typedef struct { Pt *v; Py_ssize_t n, cap; } PtList;

static int pts_push(PtList *l, double x, double y)
{
    if (l->n == l->cap) {
        Py_ssize_t cap = l->cap ? l->cap * 2 : 256;
        Pt *v = realloc(l->v, (size_t)cap * sizeof(Pt));
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].x = x;
    l->v[l->n].y = y;
    l->n++;
    return 0;
}

typedef struct { Angle *a; Py_ssize_t n; } Table;

static int read_table(PyObject *seq, Table *t)
{
    PyObject *fast = PySequence_Fast(seq, "angle table must be a sequence");
    if (!fast)
        return -1;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    t->a = malloc((size_t)(n ? n : 1) * sizeof(Angle));
    t->n = n;
    if (!t->a) {
        Py_DECREF(fast);
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *pair = PySequence_Fast_GET_ITEM(fast, i);
        if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2) {
            Py_DECREF(fast);
            PyErr_SetString(PyExc_TypeError, "angle table rows must be (sin, cos)");
            return -1;
        }
        t->a[i].s = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 0));
        t->a[i].c = PyFloat_AsDouble(PyTuple_GET_ITEM(pair, 1));
        if (PyErr_Occurred()) {
            Py_DECREF(fast);
            return -1;
        }
    }
    Py_DECREF(fast);
    return 0;
}

/* freehand.v8_hypot */
static double v8_hypot(double a, double b)
{
    a = fabs(a);
    b = fabs(b);
    double m = b > a ? b : a;
    if (m == 0 || m == INFINITY || m != m || a != a || b != b) {
        /* V8: Infinity wins over NaN, NaN over everything else */
        if (a == INFINITY || b == INFINITY)
            return INFINITY;
        return (a == a && b == b) ? m : NAN;
    }
    a /= m;
    b /= m;
    return sqrt(a * a + b * b) * m;
}

/* A number as Python's float() sees it: a float or an int (not a bool). 0 on success. */
static int plain_number(PyObject *o, double *out)
{
    if (PyFloat_CheckExact(o)) {
        *out = PyFloat_AS_DOUBLE(o);
        return 0;
    }
    if (PyLong_CheckExact(o)) {
        double v = PyLong_AsDouble(o);
        if (v == -1.0 && PyErr_Occurred()) {
            PyErr_Clear();
            return -1;
        }
        *out = v;
        return 0;
    }
    return -1;
}

/* freehand._pressure: a number (not a bool) or "None" (has = 0). */
static void read_pressure(PyObject *o, double *p, int *has)
{
    double v;
    *has = 0;
    if (o && (PyFloat_CheckExact(o) || PyLong_CheckExact(o)) && plain_number(o, &v) == 0) {
        *p = v;
        *has = 1;
    }
}

typedef struct { double x, y, p; int has_p; } InPoint;

/* freedraw_input_points + _normalise_input for plain rows or flat doubles (the rows of a
 * PointList are [x, y] lists of floats). Returns the count, -1 for "not plain". */
static Py_ssize_t read_input(PyObject *points, PyObject *pressures, int use_pressures, InPoint **out)
{
    const char *flat = NULL;
    Py_ssize_t n;
    if (PyBytes_CheckExact(points)) {
        flat = PyBytes_AS_STRING(points);
        n = PyBytes_GET_SIZE(points) / 16;
    } else if (PyList_Check(points)) {
        n = PyList_GET_SIZE(points);
    } else {
        return -1;
    }
    if (use_pressures && n == 0) {
        /* [[0, 0, 0.5]] */
        *out = malloc(sizeof(InPoint));
        if (!*out)
            return -2;
        (*out)[0].x = 0;
        (*out)[0].y = 0;
        (*out)[0].p = 0.5;
        (*out)[0].has_p = 1;
        return 1;
    }
    Py_ssize_t np = 0;
    if (use_pressures) {
        if (pressures == Py_None)
            np = 0;
        else if (PyList_Check(pressures))
            np = PyList_GET_SIZE(pressures);
        else
            return -1;
    }
    InPoint *v = malloc((size_t)(n ? n : 1) * sizeof(InPoint));
    if (!v)
        return -2;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = flat != NULL ? NULL : PyList_GET_ITEM(points, i);
        PyObject *ox = NULL, *oy = NULL, *op = NULL;
        Py_ssize_t len;
        if (flat != NULL) {
            double xy[2];
            memcpy(xy, flat + 16 * i, sizeof xy);
            v[i].x = xy[0];
            v[i].y = xy[1];
        } else if (PyList_Check(row)) {
            len = PyList_GET_SIZE(row);
            if (len < 2)
                goto not_plain;
            ox = PyList_GET_ITEM(row, 0);
            oy = PyList_GET_ITEM(row, 1);
            if (len > 2)
                op = PyList_GET_ITEM(row, 2);
        } else if (PyTuple_Check(row)) {
            len = PyTuple_GET_SIZE(row);
            if (len < 2)
                goto not_plain;
            ox = PyTuple_GET_ITEM(row, 0);
            oy = PyTuple_GET_ITEM(row, 1);
            if (len > 2)
                op = PyTuple_GET_ITEM(row, 2);
        } else {
            goto not_plain;
        }
        /* Each row on its own: x, y and the pressure in a third place, as
         * freehand._normalise_input reads them. */
        if (flat == NULL && (plain_number(ox, &v[i].x) || plain_number(oy, &v[i].y)))
            goto not_plain;
        if (use_pressures) {
            PyObject *po = i < np ? PyList_GET_ITEM(pressures, i) : NULL;
            read_pressure(po, &v[i].p, &v[i].has_p);
        } else {
            read_pressure(op, &v[i].p, &v[i].has_p);
        }
    }
    *out = v;
    return n;
not_plain:
    free(v);
    return -1;
}

/* perfect-freehand getStrokePoints (freehand.get_stroke_points), last = true. */
static Py_ssize_t stroke_points(InPoint *in, Py_ssize_t n_in, double size, double streamline, StrokePoint **out)
{
    if (n_in == 0)
        return 0;
    double t = 0.15 + (1 - streamline) * 0.85;
    InPoint local[5];
    InPoint *pts = in;
    Py_ssize_t n = n_in;
    if (n == 2) {
        double ax = in[0].x, ay = in[0].y, bx = in[1].x, by = in[1].y;
        local[0] = in[0];
        for (int k = 1; k < 5; k++) {
            local[k].x = ax + (bx - ax) * ((double)k / 4);
            local[k].y = ay + (by - ay) * ((double)k / 4);
            local[k].has_p = 0;
        }
        pts = local;
        n = 5;
    } else if (n == 1) {
        local[0] = in[0];
        local[1].x = in[0].x + 1;
        local[1].y = in[0].y + 1;
        local[1].p = in[0].p;
        local[1].has_p = in[0].has_p;
        pts = local;
        n = 2;
    }
    StrokePoint *o = malloc((size_t)(n + 1) * sizeof(StrokePoint));
    if (!o)
        return -1;
    double x0 = pts[0].x, y0 = pts[0].y;
    double first_pressure = (pts[0].has_p && pts[0].p >= 0) ? pts[0].p : 0.25;
    double px = x0, py = y0, running = 0.0;
    int reached = 0;
    Py_ssize_t last = n - 1, count = 1;  /* o[0] is the first point, filled in below */
    for (Py_ssize_t i = 1; i <= last; i++) {
        double qx = pts[i].x, qy = pts[i].y;
        if (i != last) {  /* is_complete: the last point is kept as is */
            qx = px + (qx - px) * t;
            qy = py + (qy - py) * t;
        }
        if (qx == px && qy == py)
            continue;
        double dx = px - qx, dy = py - qy, d;
        double ax = dx >= 0 ? dx : -dx;
        double ay = dy >= 0 ? dy : -dy;
        double m = ax > ay ? ax : ay;
        if (m == 0 || m == INFINITY || m != m) {
            d = v8_hypot(dy, dx);
        } else {
            ax /= m;
            ay /= m;
            d = sqrt(ay * ay + ax * ax) * m;
        }
        running += d;
        if (i < last && !reached) {
            if (running < size)
                continue;
            reached = 1;
        }
        StrokePoint *s = &o[count++];
        s->x = qx;
        s->y = qy;
        s->p = (pts[i].has_p && pts[i].p >= 0) ? pts[i].p : 0.5;
        s->vx = dx / d;
        s->vy = dy / d;
        s->d = d;
        s->run = running;
        px = qx;
        py = qy;
    }
    o[0].x = x0;
    o[0].y = y0;
    o[0].p = first_pressure;
    o[0].vx = count > 1 ? o[1].vx : 0;
    o[0].vy = count > 1 ? o[1].vy : 0;
    o[0].d = 0;
    o[0].run = 0;
    *out = o;
    return count;
}

static inline double ease(int ease_out_sine, double t)
{
    return ease_out_sine ? sin(t * M_PI / 2) : t;
}

static inline double min1(double x) { return x < 1 ? x : 1; }  /* Python's min(1, x) */

/* getStrokeOutlinePoints (freehand.get_stroke_outline_points) with no tapers,
 * round caps and last = true. The outline goes to *outline. -1: no memory. */
static int outline_points(const StrokePoint *points, Py_ssize_t n, double size, double thinning,
                          double smoothing, int ease_out_sine, int simulate, const Table tables[5],
                          PtList *outline)
{
    const Table *corner_pos = &tables[0], *corner_neg = &tables[1], *start_tab = &tables[2],
                *dot_tab = &tables[3], *end_tab = &tables[4];
    if (n == 0 || size <= 0)
        return 0;
    double total = points[n - 1].run;
    double min_dist = size * smoothing;
    min_dist = min_dist * min_dist;
    int thin = thinning == thinning && thinning != 0;
    PtList left = {0}, right = {0};
    int rc = -1;

    double prev_pressure = points[0].p;
    for (Py_ssize_t k = 0; k < n && k < 10; k++) {
        double pr = points[k].p;
        if (simulate) {
            double sp = min1(points[k].d / size);
            double rp = min1(1 - sp);
            pr = min1(prev_pressure + (rp - prev_pressure) * (sp * RATE));
        }
        prev_pressure = (prev_pressure + pr) / 2;
    }
    double radius = size * ease(ease_out_sine, 0.5 - thinning * (0.5 - points[n - 1].p));
    double first_radius = 0;
    int have_first = 0;
    double pvx = points[0].vx, pvy = points[0].vy;
    double plx = points[0].x, prx = points[0].x, ply = points[0].y, pry = points[0].y;
    int prev_sharp = 0;
    Py_ssize_t last_i = n - 1;

    for (Py_ssize_t i = 0; i < n; i++) {
        const StrokePoint *q = &points[i];
        double ox = q->x, oy = q->y, pressure = q->p, svx = q->vx, svy = q->vy;
        if (i < last_i && total - q->run < 3)
            continue;
        if (thin) {
            if (simulate) {
                double sp = q->d / size;
                if (sp > 1)
                    sp = 1;
                double rp = 1 - sp;
                pressure = prev_pressure + (rp - prev_pressure) * (sp * RATE);
                if (pressure > 1)
                    pressure = 1;
            }
            radius = size * ease(ease_out_sine, 0.5 - thinning * (0.5 - pressure));
        } else {
            radius = size / 2;
        }
        if (!have_first) {
            first_radius = radius;
            have_first = 1;
        }
        if (radius < 0.01)
            radius = 0.01;

        double nvx, nvy, next_dot;
        if (i < last_i) {
            nvx = points[i + 1].vx;
            nvy = points[i + 1].vy;
            next_dot = svx * nvx + svy * nvy;
        } else {
            nvx = svx;
            nvy = svy;
            next_dot = 1;
        }
        int is_sharp = svx * pvx + svy * pvy < 0 && !prev_sharp;
        int next_sharp = next_dot < 0;

        if (is_sharp || next_sharp) {
            double offx = pvy * radius, offy = -pvx * radius;
            double ax = ox - offx, ay = oy - offy, bx = ox + offx, by = oy + offy;
            ax -= ox;
            ay -= oy;
            bx -= ox;
            by -= oy;
            double lx = 0, ly = 0, rx = 0, ry = 0;
            Py_ssize_t m = corner_pos->n < corner_neg->n ? corner_pos->n : corner_neg->n;
            for (Py_ssize_t k = 0; k < m; k++) {
                double s = corner_pos->a[k].s, c = corner_pos->a[k].c;
                double s2 = corner_neg->a[k].s, c2 = corner_neg->a[k].c;
                lx = ax * c - ay * s + ox;
                ly = ax * s + ay * c + oy;
                if (pts_push(&left, lx, ly))
                    goto done;
                rx = bx * c2 - by * s2 + ox;
                ry = bx * s2 + by * c2 + oy;
                if (pts_push(&right, rx, ry))
                    goto done;
            }
            plx = lx;
            ply = ly;
            prx = rx;
            pry = ry;
            if (next_sharp)
                prev_sharp = 1;
            continue;
        }

        prev_sharp = 0;
        if (i == last_i) {
            double offx = svy * radius, offy = -svx * radius;
            if (pts_push(&left, ox - offx, oy - offy) || pts_push(&right, ox + offx, oy + offy))
                goto done;
            continue;
        }
        double kx = nvx + (svx - nvx) * next_dot;
        double ky = nvy + (svy - nvy) * next_dot;
        double offx = ky * radius, offy = -kx * radius;
        double tx = ox - offx, ty = oy - offy;
        if (i <= 1 || (plx - tx) * (plx - tx) + (ply - ty) * (ply - ty) > min_dist) {
            if (pts_push(&left, tx, ty))
                goto done;
            plx = tx;
            ply = ty;
        }
        tx = ox + offx;
        ty = oy + offy;
        if (i <= 1 || (prx - tx) * (prx - tx) + (pry - ty) * (pry - ty) > min_dist) {
            if (pts_push(&right, tx, ty))
                goto done;
            prx = tx;
            pry = ty;
        }
        prev_pressure = pressure;
        pvx = svx;
        pvy = svy;
    }

    double fx = points[0].x, fy = points[0].y, kx, ky;
    if (n > 1) {
        kx = points[n - 1].x;
        ky = points[n - 1].y;
    } else {
        kx = fx + 1;
        ky = fy + 1;
    }
    if (n == 1) {
        /* A dot: a full circle around the single point. */
        double dx = fx - kx, dy = fy - ky;
        double ux = dy, uy = -dx;
        double h = v8_hypot(ux, uy);
        ux /= h;
        uy /= h;
        double fr = have_first ? first_radius : 0;
        double r = -((fr == fr && fr != 0) ? fr : radius);
        double sx = fx + ux * r, sy = fy + uy * r;
        sx -= fx;
        sy -= fy;
        for (Py_ssize_t k = 0; k < dot_tab->n; k++) {
            double s = dot_tab->a[k].s, c = dot_tab->a[k].c;
            if (pts_push(outline, sx * c - sy * s + fx, sx * s + sy * c + fy))
                goto done;
        }
        rc = 0;
        goto done;
    }
    /* left + end cap + reversed right + start cap */
    for (Py_ssize_t k = 0; k < left.n; k++)
        if (pts_push(outline, left.v[k].x, left.v[k].y))
            goto done;
    {
        double lvx = points[n - 1].vx, lvy = points[n - 1].vy;
        double drx = -lvy, dry = lvx;
        double ax = kx + drx * radius, ay = ky + dry * radius;
        ax -= kx;
        ay -= ky;
        for (Py_ssize_t k = 0; k < end_tab->n; k++) {
            double s = end_tab->a[k].s, c = end_tab->a[k].c;
            if (pts_push(outline, ax * c - ay * s + kx, ax * s + ay * c + ky))
                goto done;
        }
    }
    for (Py_ssize_t k = right.n - 1; k >= 0; k--)
        if (pts_push(outline, right.v[k].x, right.v[k].y))
            goto done;
    if (right.n > 0) {
        double ax = right.v[0].x - fx, ay = right.v[0].y - fy;
        for (Py_ssize_t k = 0; k < start_tab->n; k++) {
            double s = start_tab->a[k].s, c = start_tab->a[k].c;
            if (pts_push(outline, ax * c - ay * s + fx, ax * s + ay * c + fy))
                goto done;
        }
    }
    rc = 0;
done:
    free(left.v);
    free(right.v);
    return rc;
}

/* ------------------------------------------------------------------ path text */

typedef struct { char *s; size_t n, cap; } Buf;

static int buf_reserve(Buf *b, size_t more)
{
    if (b->n + more <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 4096;
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

/* One number as the truncating regex leaves it. Most are "[-]int.dd", the digits
 * of floor(|v|*100) (the same test as freehand._number_texts decides which);
 * the others go through Python's freehand._truncated. 0 ok, -1 error. */
static int add_number(Buf *b, double v, PyObject *truncated)
{
    double mag = fabs(v);
    if (mag >= 1e-6 && mag < 1e7) {
        double hundred = mag * 100;
        double whole = floor(hundred);
        double frac = hundred - whole;
        if (fabs(frac - 0.5) <= 0.5 - 1e-6) {
            long long cents = (long long)whole;
            long long ints = cents / 100;
            int dec = (int)(cents - ints * 100);
            /* Written by hand: snprintf was most of the time of the whole stroke. */
            char tmp[32];
            char *end = tmp + sizeof tmp, *q = end;
            *--q = (char)('0' + dec % 10);
            *--q = (char)('0' + dec / 10);
            *--q = '.';
            do {
                *--q = (char)('0' + ints % 10);
                ints /= 10;
            } while (ints > 0);
            if (v < 0)
                *--q = '-';
            return buf_add(b, q, (size_t)(end - q));
        }
    }
    PyObject *f = PyFloat_FromDouble(v);
    if (!f)
        return -1;
    PyObject *text = PyObject_CallOneArg(truncated, f);
    Py_DECREF(f);
    if (!text)
        return -1;
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(text, &len);
    int rc = s ? buf_add(b, s, (size_t)len) : -1;
    Py_DECREF(text);
    return rc;
}

static int add_pair(Buf *b, double x, double y, PyObject *truncated)
{
    if (add_number(b, x, truncated) || buf_add(b, ",", 1) || add_number(b, y, truncated))
        return -1;
    return 0;
}

/* getSvgPathFromStroke: "M x0,y0 Q p0 m0 p1 m1 ... pL mL L x0,y0 Z" with m the midpoints
 * (the last one towards the first point). */
static PyObject *path_text(const PtList *o, PyObject *truncated)
{
    if (o->n == 0)
        return PyUnicode_FromStringAndSize("", 0);
    Buf b = {0};
    Buf head = {0};
    PyObject *result = NULL;
    double x0 = o->v[0].x, y0 = o->v[0].y;
    if (add_pair(&head, x0, y0, truncated))
        goto done;
    if (buf_add(&b, "M ", 2) || buf_add(&b, head.s, head.n) || buf_add(&b, " Q", 2))
        goto done;
    for (Py_ssize_t i = 0; i < o->n; i++) {
        double x = o->v[i].x, y = o->v[i].y;
        double nx = i + 1 < o->n ? o->v[i + 1].x : x0;
        double ny = i + 1 < o->n ? o->v[i + 1].y : y0;
        if (buf_add(&b, " ", 1) || add_pair(&b, x, y, truncated) || buf_add(&b, " ", 1) ||
            add_pair(&b, (x + nx) / 2, (y + ny) / 2, truncated))
            goto done;
    }
    if (buf_add(&b, " L ", 3) || buf_add(&b, head.s, head.n) || buf_add(&b, " Z", 2))
        goto done;
    result = PyUnicode_DecodeASCII(b.s, (Py_ssize_t)b.n, "strict");
done:
    free(b.s);
    free(head.s);
    if (!result && !PyErr_Occurred())
        PyErr_NoMemory();
    return result;
}

static PyObject *stroke_path(PyObject *self, PyObject *args)
{
    PyObject *points, *pressures, *tables_obj, *truncated;
    int use_pressures, ease_out_sine, simulate;
    double size, thinning, smoothing, streamline;
    (void)self;
    if (!PyArg_ParseTuple(args, "OOpddddppOO", &points, &pressures, &use_pressures, &size, &thinning,
                          &smoothing, &streamline, &ease_out_sine, &simulate, &tables_obj, &truncated))
        return NULL;
    if (!PyTuple_Check(tables_obj) || PyTuple_GET_SIZE(tables_obj) != 5) {
        PyErr_SetString(PyExc_TypeError, "tables must be a 5-tuple");
        return NULL;
    }
    Table tables[5] = {{0}};
    InPoint *in = NULL;
    StrokePoint *sp = NULL;
    PtList outline = {0};
    PyObject *result = NULL;
    for (int k = 0; k < 5; k++)
        if (read_table(PyTuple_GET_ITEM(tables_obj, k), &tables[k]))
            goto done;
    Py_ssize_t n_in = read_input(points, pressures, use_pressures, &in);
    if (n_in == -2) {
        PyErr_NoMemory();
        goto done;
    }
    if (n_in < 0) {
        result = Py_NewRef(Py_None);
        goto done;
    }
    Py_ssize_t n = stroke_points(in, n_in, size, streamline, &sp);
    if (n < 0) {
        PyErr_NoMemory();
        goto done;
    }
    if (outline_points(sp, n, size, thinning, smoothing, ease_out_sine, simulate, tables, &outline)) {
        PyErr_NoMemory();
        goto done;
    }
    result = path_text(&outline, truncated);
done:
    for (int k = 0; k < 5; k++)
        free(tables[k].a);
    free(in);
    free(sp);
    free(outline.v);
    return result;
}

static PyMethodDef methods[] = {
    {"stroke_path", stroke_path, METH_VARARGS, "A freedraw element's path text (see the module comment)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_freehand", "Freedraw outline and path text in C.", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__freehand(void)
{
    return PyModule_Create(&module);
}
