/* LZ-String decoding loop in C: the same algorithm as decompress_from_base64_py
 * in lzstring.py (which documents the format); this module only makes it fast.
 *
 * decode(buf: bytes, total_bits: int, max_output: int) -> (status, value)
 *   buf         the input's bit stream, least-significant bit first (see
 *               lzstring._bit_buffer)
 *   status 0    value = the decoded str (surrogate pairs merged, lone ones kept)
 *   status 1    truncated: the input ends before the end marker
 *   status 2    corrupt: value = reason
 *   status 3    the output would exceed max_output code units
 *
 * Every dictionary entry is a run of the output already written (an entry is
 * the previous phrase plus the first unit of the current one, and those sit
 * next to each other in the output), so the dictionary stores (offset, length)
 * pairs and phrases are copied with memcpy.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct {
    const unsigned char *buf;
    Py_ssize_t len;
} BitSource;

static inline uint32_t read_bits(const BitSource *src, uint64_t pos, int n)
{
    uint64_t byte = pos >> 3;
    uint64_t word = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    if (byte + 8 <= (uint64_t)src->len) { /* the 8 bytes at once: the same little-endian word */
        memcpy(&word, src->buf + byte, 8);
        return (uint32_t)((word >> (pos & 7)) & ((n >= 32) ? 0xFFFFFFFFu : ((1u << n) - 1u)));
    }
#endif
    for (int i = 0; i < 8; i++) {
        uint64_t at = byte + (uint64_t)i;
        if (at < (uint64_t)src->len)
            word |= (uint64_t)src->buf[at] << (8 * i);
    }
    return (uint32_t)((word >> (pos & 7)) & ((n >= 32) ? 0xFFFFFFFFu : ((1u << n) - 1u)));
}

typedef struct {
    uint16_t *units;
    size_t len, cap;
    uint64_t *offsets;   /* dictionary: offset into units */
    uint32_t *lengths;   /* dictionary: length of the phrase */
    size_t dict_len, dict_cap;
} State;

static int grow_units(State *s, size_t need)
{
    if (s->len + need <= s->cap)
        return 0;
    size_t cap = s->cap ? s->cap : 1 << 16;
    while (cap < s->len + need)
        cap *= 2;
    uint16_t *p = realloc(s->units, cap * sizeof(uint16_t));
    if (!p)
        return -1;
    s->units = p;
    s->cap = cap;
    return 0;
}

static int dict_add(State *s, uint64_t offset, uint32_t length)
{
    if (s->dict_len == s->dict_cap) {
        size_t cap = s->dict_cap ? s->dict_cap * 2 : 1 << 14;
        uint64_t *o = realloc(s->offsets, cap * sizeof(uint64_t));
        if (!o)
            return -1;
        s->offsets = o;
        uint32_t *l = realloc(s->lengths, cap * sizeof(uint32_t));
        if (!l)
            return -1;
        s->lengths = l;
        s->dict_cap = cap;
    }
    s->offsets[s->dict_len] = offset;
    s->lengths[s->dict_len] = length;
    s->dict_len++;
    return 0;
}

static PyObject *result(int status, PyObject *value)
{
    if (!value)
        return NULL;
    PyObject *out = Py_BuildValue("(iO)", status, value);
    Py_DECREF(value);
    return out;
}

static PyObject *decode_bits(const unsigned char *buf, Py_ssize_t len, unsigned long long total_bits,
                             unsigned long long max_output)
{
    BitSource src = {buf, len};
    State s = {0};
    PyObject *ret = NULL;
    int status = 0;
    const char *reason = NULL;

    uint64_t pos = 0;
    uint32_t first = read_bits(&src, pos, 2);
    pos += 2;
    if (first == 2) {
        ret = result(0, PyUnicode_FromString(""));
        goto done;
    }
    if (first == 3) {
        status = 2;
        reason = "invalid first code";
        goto fail;
    }
    int width = first == 0 ? 8 : 16;
    uint16_t c0 = (uint16_t)read_bits(&src, pos, width);
    pos += width;
    if (grow_units(&s, 1) < 0)
        goto nomem;
    s.units[s.len++] = c0;
    /* entries 0..2 are the three control codes; 3 is the first character */
    for (int i = 0; i < 3; i++)
        if (dict_add(&s, 0, 0) < 0)
            goto nomem;
    if (dict_add(&s, 0, 1) < 0)
        goto nomem;
    uint64_t w_off = 0;
    uint32_t w_len = 1;
    int num_bits = 3;
    uint64_t enlarge_in = 4;

    for (;;) {
        if (pos >= total_bits) {
            status = 1;
            goto fail;
        }
        uint32_t code = read_bits(&src, pos, num_bits);
        pos += (uint64_t)num_bits;
        if (code < 3) {
            if (code == 2) {
                /* UTF-16 in host order -> str; "surrogatepass" keeps lone surrogates */
                const uint16_t probe = 1;
                int byteorder = *(const unsigned char *)&probe ? -1 : 1;
                ret = result(0, PyUnicode_DecodeUTF16((const char *)s.units, (Py_ssize_t)(s.len * 2),
                                                      "surrogatepass", &byteorder));
                goto done;
            }
            width = code == 0 ? 8 : 16;
            uint16_t ch = (uint16_t)read_bits(&src, pos, width);
            pos += width;
            /* the new single-unit entry is written to the output just below */
            if (grow_units(&s, 1) < 0)
                goto nomem;
            if (dict_add(&s, s.len, 1) < 0)
                goto nomem;
            code = (uint32_t)(s.dict_len - 1);
            s.units[s.len] = ch; /* staged; committed as the entry below */
            if (--enlarge_in == 0) {
                enlarge_in = (uint64_t)1 << num_bits;
                num_bits++;
            }
        }
        uint64_t e_off = s.len;
        uint32_t e_len;
        if (code < s.dict_len) {
            e_len = s.lengths[code];
            if (s.len + e_len > max_output) {
                status = 3;
                goto fail;
            }
            if (grow_units(&s, e_len) < 0)
                goto nomem;
            if (s.offsets[code] != s.len) /* a single-unit entry is already in place */
                memcpy(s.units + s.len, s.units + s.offsets[code], e_len * sizeof(uint16_t));
        } else if (code == s.dict_len) {
            e_len = w_len + 1;
            if (s.len + e_len > max_output) {
                status = 3;
                goto fail;
            }
            if (grow_units(&s, e_len) < 0)
                goto nomem;
            memcpy(s.units + s.len, s.units + w_off, w_len * sizeof(uint16_t));
            s.units[s.len + w_len] = s.units[w_off];
        } else {
            status = 2;
            reason = "invalid dictionary code";
            goto fail;
        }
        s.len += e_len;
        /* w + entry[0]: w is directly followed by entry in the output */
        if (dict_add(&s, w_off, w_len + 1) < 0)
            goto nomem;
        w_off = e_off;
        w_len = e_len;
        if (--enlarge_in == 0) {
            enlarge_in = (uint64_t)1 << num_bits;
            num_bits++;
        }
        if (num_bits > 32) {
            status = 2;
            reason = "dictionary too large";
            goto fail;
        }
    }

nomem:
    PyErr_NoMemory();
    goto done;
fail:
    ret = result(status, PyUnicode_FromString(reason ? reason : ""));
done:
    free(s.units);
    free(s.offsets);
    free(s.lengths);
    return ret;
}

static PyObject *decode(PyObject *self, PyObject *args)
{
    (void)self;
    Py_buffer view;
    unsigned long long total_bits, max_output;
    if (!PyArg_ParseTuple(args, "y*KK", &view, &total_bits, &max_output))
        return NULL;
    PyObject *ret = decode_bits(view.buf, view.len, total_bits, max_output);
    PyBuffer_Release(&view);
    return ret;
}

/* decode_text(s: str, max_output: int) -> (status, value) | None
 *
 * decode(lzstring._bit_buffer(s), 6 * len(s), max_output) for an ASCII ``s``, with the
 * bit buffer built here from the characters (the same bytes: base64 of ``s`` with every
 * character outside the alphabet read as "A", padded with "A", each byte bit-reversed,
 * plus 8 zero bytes). None when ``s`` is not ASCII: the caller builds the buffer. */
static PyObject *decode_text(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *text;
    unsigned long long max_output;
    if (!PyArg_ParseTuple(args, "UK", &text, &max_output))
        return NULL;
    if (!PyUnicode_IS_ASCII(text))
        Py_RETURN_NONE;
    static signed char values[256];
    static unsigned char reversed[256];
    static int ready = 0;
    if (!ready) {
        const char *alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        memset(values, 0, sizeof values); /* outside the alphabet: "A" */
        for (int i = 0; i < 64; i++)
            values[(unsigned char)alphabet[i]] = (signed char)i;
        for (int b = 0; b < 256; b++) {
            int r = 0;
            for (int bit = 0; bit < 8; bit++)
                if (b & (1 << bit))
                    r |= 1 << (7 - bit);
            reversed[b] = (unsigned char)r;
        }
        ready = 1;
    }
    Py_ssize_t n = PyUnicode_GET_LENGTH(text);
    const unsigned char *chars = PyUnicode_1BYTE_DATA(text);
    Py_ssize_t quads = (n + 3) / 4;
    Py_ssize_t size = quads * 3 + 8;
    unsigned char *buf = calloc((size_t)size, 1);
    if (buf == NULL)
        return PyErr_NoMemory();
    Py_ssize_t full = n / 4;
    for (Py_ssize_t q = 0; q < quads; q++) {
        uint32_t v;
        if (q < full) {
            const unsigned char *c = chars + q * 4;
            v = ((uint32_t)values[c[0]] << 18) | ((uint32_t)values[c[1]] << 12) | ((uint32_t)values[c[2]] << 6)
                | (uint32_t)values[c[3]];
        }
        else { /* the last, short quad: padded with "A" */
            v = 0;
            for (int k = 0; k < 4; k++) {
                Py_ssize_t at = q * 4 + k;
                v = (v << 6) | (uint32_t)(at < n ? values[chars[at]] : 0);
            }
        }
        buf[q * 3] = reversed[(v >> 16) & 0xFF];
        buf[q * 3 + 1] = reversed[(v >> 8) & 0xFF];
        buf[q * 3 + 2] = reversed[v & 0xFF];
    }
    PyObject *ret = decode_bits(buf, size, 6ULL * (unsigned long long)n, max_output);
    free(buf);
    return ret;
}


/* ---------------------------------------------------------------------------
 * restore_common(src: dict, kind: str, normalize_link, max_group_depth: int,
 *                max_coordinate: float) -> dict | None
 *
 * The common case of exporter.scene.restore._restore_common (the Python is the
 * reference and documents each field): a stored element whose numbers are plain
 * JSON numbers in range, whose groupIds/boundElements are lists or absent, and
 * which has no legacy strokeSharpness/boundElementIds. None for anything else:
 * the caller then runs the Python, which decides every case (and raises the
 * skips). The result has the same keys in the same order and the same values.
 * Lives here because restore runs as the drawing is loaded.
 */

enum {
    K_type, K_version, K_versionNonce, K_index, K_isDeleted, K_fillStyle, K_strokeWidth,
    K_strokeStyle, K_roughness, K_opacity, K_angle, K_x, K_y, K_strokeColor,
    K_backgroundColor, K_width, K_height, K_seed, K_groupIds, K_frameId, K_roundness,
    K_boundElements, K_updated, K_created, K_link, K_hasTextLink, K_locked,
    K_strokeSharpness, K_boundElementIds, K_COUNT
};
static const char *key_names[K_COUNT] = {
    "type", "version", "versionNonce", "index", "isDeleted", "fillStyle", "strokeWidth",
    "strokeStyle", "roughness", "opacity", "angle", "x", "y", "strokeColor",
    "backgroundColor", "width", "height", "seed", "groupIds", "frameId", "roundness",
    "boundElements", "updated", "created", "link", "hasTextLink", "locked",
    "strokeSharpness", "boundElementIds",
};
static PyObject *keys[K_COUNT];
static PyObject *k_id;
static PyObject *s_solid, *s_stroke_default, *s_transparent, *i_0, *i_1, *i_2, *i_100;

static int init_keys(void)
{
    for (int i = 0; i < K_COUNT; i++) {
        keys[i] = PyUnicode_InternFromString(key_names[i]);
        if (keys[i] == NULL)
            return -1;
    }
    s_solid = PyUnicode_InternFromString("solid");
    s_stroke_default = PyUnicode_InternFromString("#1e1e1e");
    s_transparent = PyUnicode_InternFromString("transparent");
    i_0 = PyLong_FromLong(0);
    i_1 = PyLong_FromLong(1);
    i_2 = PyLong_FromLong(2);
    i_100 = PyLong_FromLong(100);
    k_id = PyUnicode_InternFromString("id");
    if (!k_id || !s_solid || !s_stroke_default || !s_transparent || !i_0 || !i_1 || !i_2 || !i_100)
        return -1;
    return 0;
}

/* 1: a plain int/float within +-limit (NaN is not); 0: not. Ints are compared
 * only when they and the limit are exact in a double, as Python compares them. */
static int plain_coordinate(PyObject *v, double limit)
{
    if (PyFloat_CheckExact(v)) {
        double d = PyFloat_AS_DOUBLE(v);
        return -limit <= d && d <= limit;
    }
    if (PyLong_CheckExact(v)) {
        int overflow = 0;
        long long n = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (overflow || n > (1LL << 53) || n < -(1LL << 53) || !(limit < 9007199254740992.0))
            return 0;
        return -limit <= (double)n && (double)n <= limit;
    }
    return 0;
}

/* ``get(key) or fallback``: borrowed; -1 on error. */
static int get_or(PyObject *src, int key, PyObject *fallback, PyObject **out)
{
    PyObject *v = PyDict_GetItemWithError(src, keys[key]);
    if (v == NULL) {
        if (PyErr_Occurred())
            return -1;
        *out = fallback;
        return 0;
    }
    int truth = PyObject_IsTrue(v);
    if (truth < 0)
        return -1;
    *out = truth ? v : fallback;
    return 0;
}

/* ``fallback if get(key) is None else value``: borrowed; -1 on error. */
static int get_nn(PyObject *src, int key, PyObject *fallback, PyObject **out)
{
    PyObject *v = PyDict_GetItemWithError(src, keys[key]);
    if (v == NULL && PyErr_Occurred())
        return -1;
    *out = (v == NULL || v == Py_None) ? fallback : v;
    return 0;
}

static PyObject *restore_common(PyObject *self, PyObject *args)
{
    PyObject *src, *kind, *normalize_link;
    Py_ssize_t max_group_depth;
    double limit;
    if (!PyArg_ParseTuple(args, "OUOnd", &src, &kind, &normalize_link, &max_group_depth, &limit))
        return NULL;
    if (!PyDict_CheckExact(src))
        Py_RETURN_NONE;
    PyObject *angle, *x, *y, *width, *height, *v;
    if (get_or(src, K_angle, i_0, &angle) < 0 || get_nn(src, K_x, i_0, &x) < 0 || get_nn(src, K_y, i_0, &y) < 0
        || get_or(src, K_width, i_0, &width) < 0 || get_or(src, K_height, i_0, &height) < 0)
        return NULL;
    if (!plain_coordinate(angle, limit) || !plain_coordinate(x, limit) || !plain_coordinate(y, limit)
        || !plain_coordinate(width, limit) || !plain_coordinate(height, limit))
        Py_RETURN_NONE;
    /* legacy fields: the Python migrates them */
    if (PyDict_Contains(src, keys[K_strokeSharpness]) != 0 || PyDict_Contains(src, keys[K_boundElementIds]) != 0) {
        if (PyErr_Occurred())
            return NULL;
        Py_RETURN_NONE;
    }
    PyObject *group_ids = PyDict_GetItemWithError(src, keys[K_groupIds]);
    PyObject *bound = PyDict_GetItemWithError(src, keys[K_boundElements]);
    if (PyErr_Occurred())
        return NULL;
    if (group_ids != NULL && group_ids != Py_None && !PyList_CheckExact(group_ids)) {
        if (PyList_Check(group_ids))
            Py_RETURN_NONE;
        group_ids = NULL; /* not a list: [] */
    }
    if (group_ids == Py_None)
        group_ids = NULL;
    if (group_ids != NULL && PyList_GET_SIZE(group_ids) > max_group_depth)
        Py_RETURN_NONE;
    if (bound != NULL && !PyList_CheckExact(bound)) {
        if (PyList_Check(bound))
            Py_RETURN_NONE;
        bound = NULL;
    }
    PyObject *roundness;
    if (get_or(src, K_roundness, Py_None, &roundness) < 0)
        return NULL;

    PyObject *link = NULL, *link_value;
    if (get_or(src, K_link, Py_None, &link_value) < 0)
        return NULL;
    if (link_value != Py_None) {
        link = PyObject_CallOneArg(normalize_link, link_value);
        if (link == NULL)
            return NULL;
        link_value = link;
    }

    PyObject *el = PyDict_Copy(src);
    PyObject *new_groups = group_ids == NULL ? PyList_New(0) : NULL;
    PyObject *new_bound = bound == NULL ? PyList_New(0) : NULL;
    if (el == NULL || (group_ids == NULL && new_groups == NULL) || (bound == NULL && new_bound == NULL))
        goto error;
#define SET(k, value) if (PyDict_SetItem(el, keys[k], (value)) < 0) goto error
#define SET_OR(k, fallback) if (get_or(src, k, (fallback), &v) < 0) goto error; SET(k, v)
#define SET_NN(k, fallback) if (get_nn(src, k, (fallback), &v) < 0) goto error; SET(k, v)
    SET(K_type, kind);
    SET_OR(K_version, i_1);
    SET_NN(K_versionNonce, i_0);
    SET_NN(K_index, Py_None);
    SET(K_isDeleted, Py_False);
    SET_OR(K_fillStyle, s_solid);
    SET_OR(K_strokeWidth, i_2);
    SET_NN(K_strokeStyle, s_solid);
    SET_NN(K_roughness, i_1);
    SET_NN(K_opacity, i_100);
    SET(K_angle, angle);
    SET(K_x, x);
    SET(K_y, y);
    SET_OR(K_strokeColor, s_stroke_default);
    SET_OR(K_backgroundColor, s_transparent);
    SET(K_width, width);
    SET(K_height, height);
    SET_NN(K_seed, i_1);
    SET(K_groupIds, group_ids != NULL ? group_ids : new_groups);
    SET_NN(K_frameId, Py_None);
    SET(K_roundness, roundness);
    SET(K_boundElements, bound != NULL ? bound : new_bound);
    SET_NN(K_updated, i_1);
    SET_NN(K_created, Py_None);
    SET(K_link, link_value);
    SET_NN(K_hasTextLink, Py_False);
    SET_NN(K_locked, Py_False);
    /* getNormalizedDimensions: negative sizes grow to the left/top */
    {
        PyObject *pairs[2][2] = {{width, x}, {height, y}};
        int size_keys[2][2] = {{K_width, K_x}, {K_height, K_y}};
        for (int i = 0; i < 2; i++) {
            int negative = PyObject_RichCompareBool(pairs[i][0], i_0, Py_LT);
            if (negative < 0)
                goto error;
            if (negative) {
                PyObject *moved = PyNumber_Add(pairs[i][1], pairs[i][0]);
                PyObject *size = moved == NULL ? NULL : PyNumber_Negative(pairs[i][0]);
                int failed = size == NULL || PyDict_SetItem(el, keys[size_keys[i][1]], moved) < 0
                             || PyDict_SetItem(el, keys[size_keys[i][0]], size) < 0;
                Py_XDECREF(moved);
                Py_XDECREF(size);
                if (failed)
                    goto error;
            }
        }
    }
#undef SET
#undef SET_OR
#undef SET_NN
    Py_XDECREF(link);
    Py_XDECREF(new_groups);
    Py_XDECREF(new_bound);
    return el;
error:
    Py_XDECREF(link);
    Py_XDECREF(new_groups);
    Py_XDECREF(new_bound);
    Py_XDECREF(el);
    return NULL;
}

/* ---------------------------------------------------------------------------
 * plain_common(el: dict, kept: set, safe_colors: set, fill_styles, stroke_styles,
 *              max_stroke_width: float, max_roughness: float) -> bool
 *
 * exporter.scene.limits._plain_common (the Python is the reference): True when the
 * fields every element has are all valid as they are, after giving the element new
 * groupIds/boundElements containers of the same content as the Python does; False
 * (nothing changed but ids noted in ``kept``) for anything else, including what the
 * Python would raise on: the caller then runs the general checks.
 */


/* 1: a plain (exact) int or float that is finite, its value in *out; 0: anything else
 * (ints beyond a double too: math.isfinite raises on them, which the Python decides). */
static int plain_number(PyObject *v, double *out)
{
    if (PyFloat_CheckExact(v)) {
        *out = PyFloat_AS_DOUBLE(v);
        return isfinite(*out);
    }
    if (PyLong_CheckExact(v)) {
        int overflow = 0;
        long long n = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (overflow || n > (1LL << 53) || n < -(1LL << 53)) {
            PyErr_Clear();
            return 0;
        }
        *out = (double)n;
        return 1;
    }
    return 0;
}

/* _safe_ref: 1 kept (noted in ``kept``), 0 not, -1 error. */
static int safe_ref(PyObject *kept, PyObject *value)
{
    if (value == NULL || !PyUnicode_CheckExact(value))
        return 0;
    int known = PySet_Contains(kept, value);
    if (known != 0)
        return known;
    /* _SAFE_ID: [A-Za-z0-9_-]{1,200} */
    Py_ssize_t n = PyUnicode_GET_LENGTH(value);
    if (n < 1 || n > 200 || !PyUnicode_IS_ASCII(value))
        return 0;
    const unsigned char *c = PyUnicode_1BYTE_DATA(value);
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char ch = c[i];
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'
              || ch == '-'))
            return 0;
    }
    return PySet_Add(kept, value) < 0 ? -1 : 1;
}

static int in_set(PyObject *set, PyObject *value)
{
    if (value == NULL || !PyUnicode_CheckExact(value))
        return 0;
    return PySet_Contains(set, value);
}

#define GET(key) PyDict_GetItemWithError(el, keys[key])
#define CHECK(cond) do { int ok_ = (cond); if (ok_ < 0) return NULL; if (!ok_) Py_RETURN_FALSE; } while (0)

static PyObject *plain_common(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *el, *kept, *colors, *fills, *styles;
    double max_width, max_roughness, d;
    if (!PyArg_ParseTuple(args, "O!O!O!OOdd", &PyDict_Type, &el, &PySet_Type, &kept, &PySet_Type, &colors, &fills,
                          &styles, &max_width, &max_roughness))
        return NULL;
    if (!PyDict_CheckExact(el))
        Py_RETURN_FALSE;
    PyObject *v;
    v = GET(K_strokeWidth);
    CHECK(v != NULL && plain_number(v, &d) && 0 < d && d <= max_width);
    v = GET(K_roughness);
    CHECK(v != NULL && plain_number(v, &d) && 0 <= d && d <= max_roughness);
    v = GET(K_opacity);
    CHECK(v != NULL && plain_number(v, &d) && 0 <= d && d <= 100);
    v = GET(K_seed);
    CHECK(v != NULL && plain_number(v, &d));
    CHECK(in_set(colors, GET(K_strokeColor)));
    CHECK(in_set(colors, GET(K_backgroundColor)));
    CHECK(in_set(fills, GET(K_fillStyle)));
    CHECK(in_set(styles, GET(K_strokeStyle)));
    CHECK(safe_ref(kept, PyDict_GetItemWithError(el, k_id)));
    v = GET(K_frameId);
    CHECK(v != NULL && (v == Py_None || safe_ref(kept, v)));
    PyObject *groups = GET(K_groupIds);
    CHECK(groups != NULL && PyList_CheckExact(groups));
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(groups); i++)
        CHECK(safe_ref(kept, PyList_GET_ITEM(groups, i)));
    PyObject *bound = GET(K_boundElements);
    if (bound == Py_None)
        bound = NULL;
    if (bound != NULL) {
        CHECK(PyList_CheckExact(bound));
        for (Py_ssize_t i = 0; i < PyList_GET_SIZE(bound); i++) {
            PyObject *b = PyList_GET_ITEM(bound, i);
            CHECK(PyDict_CheckExact(b));
            CHECK(safe_ref(kept, PyDict_GetItemWithError(b, k_id)));
        }
    }
    PyObject *roundness = GET(K_roundness);
    if (roundness != NULL && roundness != Py_None) {
        CHECK(PyDict_CheckExact(roundness));
        v = PyDict_GetItemString(roundness, "type");
        CHECK(v != NULL && plain_number(v, &d));
        v = PyDict_GetItemString(roundness, "value");
        CHECK(v == NULL || v == Py_None || plain_number(v, &d));
    }
    v = GET(K_link);
    CHECK(v == NULL || v == Py_None || PyUnicode_CheckExact(v));
    if (PyErr_Occurred())
        return NULL;
    /* the general checks' new containers of the same content */
    PyObject *copy = PyList_GetSlice(groups, 0, PyList_GET_SIZE(groups));
    if (copy == NULL || PyDict_SetItem(el, keys[K_groupIds], copy) < 0) {
        Py_XDECREF(copy);
        return NULL;
    }
    Py_DECREF(copy);
    if (bound != NULL) {
        Py_ssize_t n = PyList_GET_SIZE(bound);
        PyObject *copies = PyList_New(n);
        if (copies == NULL)
            return NULL;
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *b = PyDict_Copy(PyList_GET_ITEM(bound, i));
            if (b == NULL) {
                Py_DECREF(copies);
                return NULL;
            }
            PyList_SET_ITEM(copies, i, b);
        }
        int failed = PyDict_SetItem(el, keys[K_boundElements], copies) < 0;
        Py_DECREF(copies);
        if (failed)
            return NULL;
    }
    Py_RETURN_TRUE;
}
#undef GET
#undef CHECK

/* ---------------------------------------------------------------------------
 * flat_points(rows) -> (bytes, ints) | None
 *   exporter.scene.points.flat_points_py (the Python is the reference): ``rows``, a
 *   list of exact [x, y] lists of exact ints and floats, the floats finite and the
 *   ints within +-2**53 (exact in a double), as one bytes object of the doubles
 *   x0 y0 x1 y1 ... and which values were ints: None (none), True (all), or bytes
 *   with a 1 for each int. None for anything else (the caller's general loop decides).
 */

/* 1: an exact float that is finite, or an exact int within +-2**53, as a double; 0: not. */
static int flat_number(PyObject *v, double *out, char *is_int)
{
    if (PyFloat_CheckExact(v)) {
        *out = PyFloat_AS_DOUBLE(v);
        *is_int = 0;
        return isfinite(*out);
    }
    if (PyLong_CheckExact(v)) {
        int overflow = 0;
        long long n = PyLong_AsLongLongAndOverflow(v, &overflow);
        if (overflow || n > (1LL << 53) || n < -(1LL << 53))
            return 0;
        *out = (double)n;
        *is_int = 1;
        return 1;
    }
    return 0;
}

static PyObject *flat_points(PyObject *self, PyObject *rows)
{
    (void)self;
    if (!PyList_CheckExact(rows))
        Py_RETURN_NONE;
    Py_ssize_t n = PyList_GET_SIZE(rows);
    if (n > PY_SSIZE_T_MAX / 16)
        return PyErr_NoMemory();
    PyObject *data = PyBytes_FromStringAndSize(NULL, n * 16);
    PyObject *flags = PyBytes_FromStringAndSize(NULL, n * 2);
    if (data == NULL || flags == NULL)
        goto error;
    char *out = PyBytes_AS_STRING(data), *flag = PyBytes_AS_STRING(flags);
    Py_ssize_t ints = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *row = PyList_GET_ITEM(rows, i);
        double xy[2];
        if (!PyList_CheckExact(row) || PyList_GET_SIZE(row) != 2
            || !flat_number(PyList_GET_ITEM(row, 0), &xy[0], &flag[2 * i])
            || !flat_number(PyList_GET_ITEM(row, 1), &xy[1], &flag[2 * i + 1])) {
            Py_DECREF(data);
            Py_DECREF(flags);
            Py_RETURN_NONE;
        }
        memcpy(out + 16 * i, xy, 16);
        ints += flag[2 * i] + flag[2 * i + 1];
    }
    PyObject *kinds = ints == 0 ? Py_None : ints == 2 * n ? Py_True : flags;
    PyObject *result = PyTuple_Pack(2, data, kinds);
    Py_DECREF(data);
    Py_DECREF(flags);
    return result;
error:
    Py_XDECREF(data);
    Py_XDECREF(flags);
    return NULL;
}

/* points_max_abs(data: bytes) -> float
 *   exporter.scene.points.PointList.max_abs (the Python is the reference) of a PointList's
 *   doubles: the largest absolute value, 0.0 when there is none. */
static PyObject *points_max_abs(PyObject *self, PyObject *data)
{
    (void)self;
    if (!PyBytes_CheckExact(data)) {
        PyErr_SetString(PyExc_TypeError, "points_max_abs: the bytes of a PointList");
        return NULL;
    }
    const char *p = PyBytes_AS_STRING(data);
    Py_ssize_t n = PyBytes_GET_SIZE(data) / 8;
    double most = 0.0;
    for (Py_ssize_t i = 0; i < n; i++) {
        double d;
        memcpy(&d, p + 8 * i, sizeof d);
        d = fabs(d);
        if (d > most)
            most = d;
    }
    return PyFloat_FromDouble(most);
}

static PyMethodDef methods[] = {
    {"decode", decode, METH_VARARGS, "LZ-String decoding loop (see exporter.load.lzstring)."},
    {"decode_text", decode_text, METH_VARARGS, "decode() of an ASCII text's bit buffer, built in C."},
    {"restore_common", restore_common, METH_VARARGS,
     "The common case of exporter.scene.restore._restore_common, or None (see there)."},
    {"plain_common", plain_common, METH_VARARGS, "exporter.scene.limits._plain_common (see there)."},
    {"flat_points", flat_points, METH_O, "exporter.scene.points.flat_points_py (see there)."},
    {"points_max_abs", points_max_abs, METH_O, "exporter.scene.points.PointList.max_abs (see there)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_lzdecode", "Fast LZ-String decoding loop.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__lzdecode(void)
{
    if (init_keys() < 0)
        return NULL;
    return PyModule_Create(&module);
}
