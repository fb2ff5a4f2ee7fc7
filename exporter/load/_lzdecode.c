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
static int get_or(PyObject *src, PyObject *key, PyObject *fallback, PyObject **out)
{
    PyObject *v = PyDict_GetItemWithError(src, key);
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
static int get_nn(PyObject *src, PyObject *key, PyObject *fallback, PyObject **out)
{
    PyObject *v = PyDict_GetItemWithError(src, key);
    if (v == NULL && PyErr_Occurred())
        return -1;
    *out = (v == NULL || v == Py_None) ? fallback : v;
    return 0;
}

/* restore_common's work: a new dict, None (new references) or NULL on error. */
static PyObject *common_fields(PyObject *src, PyObject *kind, PyObject *normalize_link, Py_ssize_t max_group_depth,
                               double limit)
{
    if (!PyDict_CheckExact(src))
        Py_RETURN_NONE;
    PyObject *angle, *x, *y, *width, *height, *v;
    if (get_or(src, keys[K_angle], i_0, &angle) < 0 || get_nn(src, keys[K_x], i_0, &x) < 0
        || get_nn(src, keys[K_y], i_0, &y) < 0 || get_or(src, keys[K_width], i_0, &width) < 0
        || get_or(src, keys[K_height], i_0, &height) < 0)
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
    if (get_or(src, keys[K_roundness], Py_None, &roundness) < 0)
        return NULL;

    PyObject *link = NULL, *link_value;
    if (get_or(src, keys[K_link], Py_None, &link_value) < 0)
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
#define SET_OR(k, fallback) if (get_or(src, keys[k], (fallback), &v) < 0) goto error; SET(k, v)
#define SET_NN(k, fallback) if (get_nn(src, keys[k], (fallback), &v) < 0) goto error; SET(k, v)
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

static PyObject *restore_common(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *src, *kind, *normalize_link;
    Py_ssize_t max_group_depth;
    double limit;
    if (!PyArg_ParseTuple(args, "OUOnd", &src, &kind, &normalize_link, &max_group_depth, &limit))
        return NULL;
    return common_fields(src, kind, normalize_link, max_group_depth, limit);
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

/* ---------------------------------------------------------------------------
 * restore_list(raw_elements: list, release: bool, out: list, seen_ids: set, fallback,
 *              config: tuple) -> int
 *
 * The loop of exporter.scene.restore.restore_elements (the Python is the reference)
 * over the common elements: a stored element that is a plain dict, not deleted, not a
 * selection, of a type restored here (text, line/draw, arrow, freedraw, rectangle,
 * diamond, ellipse, frame/magicframe), well formed, with a new string id, is restored
 * in C (the Python references: _restore_text, _restore_linear, _restore_freedraw,
 * restore_element), appended to ``out`` and its id added to ``seen_ids``; deleted
 * elements, selections, invisibly small and empty texts are dropped as the Python
 * drops them. Every other element goes to
 * ``fallback(position, src)``, the Python loop's body, which decides it (skips,
 * warnings, renamed ids) with the same ``out`` and ``seen_ids``. ``release``: each entry
 * of ``raw_elements`` is set to None as it is taken. Returns how many were restored here.
 *
 * config: (normalize_link, PointList, arrowheads: dict, line_heights: dict,
 *          max_group_depth, max_points, max_coordinate, max_linear_px)
 */

typedef struct {
    PyObject *normalize_link, *point_list, *arrowheads, *line_heights;
    Py_ssize_t max_group_depth, max_points;
    double limit, max_linear_px;
} Restore;

enum {
    R_points, R_pressures, R_simulatePressure, R_strokeOptions, R_variability, R_streamline,
    R_startArrowhead, R_endArrowhead, R_elbowed, R_fixedSegments, R_startBinding, R_endBinding,
    R_polygon, R_fontSize, R_fontFamily, R_font, R_text, R_textAlign, R_verticalAlign, R_containerId,
    R_originalText, R_autoResize, R_lineHeight, R_rawText, R_labelPosition, R_baseFontSize, R_name,
    R__data, R__ints, R_from_flat, R_elementId,
    /* values */
    R_arrow, R_constant, R_variable, R_left, R_top, R_empty, R_selection,
    R_COUNT
};
static const char *restore_names[R_COUNT] = {
    "points", "pressures", "simulatePressure", "strokeOptions", "variability", "streamline",
    "startArrowhead", "endArrowhead", "elbowed", "fixedSegments", "startBinding", "endBinding",
    "polygon", "fontSize", "fontFamily", "font", "text", "textAlign", "verticalAlign", "containerId",
    "originalText", "autoResize", "lineHeight", "rawText", "labelPosition", "baseFontSize", "name",
    "_data", "_ints", "from_flat", "elementId",
    "arrow", "constant", "variable", "left", "top", "", "selection",
};
static PyObject *rkeys[R_COUNT];
static PyObject *i_5, *i_20, *f_default_line_height, *f_default_streamline;

static int init_restore_keys(void)
{
    for (int i = 0; i < R_COUNT; i++) {
        rkeys[i] = PyUnicode_InternFromString(restore_names[i]);
        if (rkeys[i] == NULL)
            return -1;
    }
    i_5 = PyLong_FromLong(5);   /* DEFAULT_FONT_FAMILY */
    i_20 = PyLong_FromLong(20); /* _restore_text's default fontSize */
    f_default_line_height = PyFloat_FromDouble(1.25);
    f_default_streamline = PyFloat_FromDouble(0.5); /* _DEFAULT_STROKE_STREAMLINE */
    return (i_5 && i_20 && f_default_line_height && f_default_streamline) ? 0 : -1;
}

/* A restorer's answers besides a dict: DECLINE (None, as common_fields gives it: the
 * Python decides; a new reference like the dicts) or DROPPED (dropped silently, as the
 * Python drops it; a marker, never counted). */
#define DECLINE Py_None
static PyObject dropped_marker;
#define DROPPED (&dropped_marker)

/* _positive_number: 1 yes, 0 no, -1 the Python must decide (int/float subclasses, ints
 * math.isfinite would raise on). */
static int positive_number(PyObject *v, double limit)
{
    double d;
    if (PyFloat_CheckExact(v) || PyLong_CheckExact(v)) {
        if (!plain_number(v, &d))
            return PyFloat_CheckExact(v) ? 0 : -1;
        return 0 < d && d <= limit;
    }
    if (PyBool_Check(v))
        return 0;
    return (PyLong_Check(v) || PyFloat_Check(v)) ? -1 : 0;
}

/* _finite for the fields kept when finite: as positive_number, without the range. */
static int finite_number(PyObject *v)
{
    double d;
    if (PyFloat_CheckExact(v) || PyLong_CheckExact(v)) {
        if (!plain_number(v, &d))
            return PyFloat_CheckExact(v) ? 0 : -1;
        return 1;
    }
    if (PyBool_Check(v))
        return 0;
    return (PyLong_Check(v) || PyFloat_Check(v)) ? -1 : 0;
}

/* src.get(key): borrowed, NULL when absent (check PyErr_Occurred). */
#define RGET(src, key) PyDict_GetItemWithError((src), rkeys[key])
#define OR_NONE(v) ((v) != NULL ? (v) : Py_None)

/* default_line_height(font_family): borrowed. */
static PyObject *default_line_height(const Restore *r, PyObject *font_family)
{
    if (font_family == NULL || !PyLong_Check(font_family))
        return f_default_line_height;
    PyObject *v = PyDict_GetItemWithError(r->line_heights, font_family);
    return v != NULL ? v : (PyErr_Occurred() ? NULL : f_default_line_height);
}

/* normalize_arrowhead: borrowed. */
static PyObject *arrowhead(const Restore *r, PyObject *value)
{
    if (value == NULL)
        return Py_None;
    int truth = PyObject_IsTrue(value);
    if (truth < 0)
        return NULL;
    if (!truth || !PyUnicode_Check(value))
        return Py_None;
    PyObject *v = PyDict_GetItemWithError(r->arrowheads, value);
    return v != NULL ? v : (PyErr_Occurred() ? NULL : value);
}

/* ``src.get(key) or fallback`` / ``fallback if src.get(key) is None``, set on el: -1 error. */
static int set_or(PyObject *el, PyObject *src, int key, PyObject *fallback)
{
    PyObject *v;
    return get_or(src, rkeys[key], fallback, &v) < 0 ? -1 : PyDict_SetItem(el, rkeys[key], v);
}

static int set_nn(PyObject *el, PyObject *src, int key, PyObject *fallback)
{
    PyObject *v;
    return get_nn(src, rkeys[key], fallback, &v) < 0 ? -1 : PyDict_SetItem(el, rkeys[key], v);
}

/* The lines of a text as _restore_text counts them ("\r\n", "\r" and "\n" end one). */
static Py_ssize_t text_lines(PyObject *text)
{
    int kind = PyUnicode_KIND(text);
    const void *data = PyUnicode_DATA(text);
    Py_ssize_t n = PyUnicode_GET_LENGTH(text), lines = 1;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c == '\n' || (c == '\r' && !(i + 1 < n && PyUnicode_READ(kind, data, i + 1) == '\n')))
            lines++;
    }
    return lines;
}

/* _restore_text's common case (no legacy ``font``): el, DECLINE or NULL. */
static PyObject *restore_text(const Restore *r, PyObject *src, PyObject *kind)
{
    PyObject *font_size = RGET(src, R_fontSize), *font_family = RGET(src, R_fontFamily);
    PyObject *text = RGET(src, R_text), *line_height = RGET(src, R_lineHeight);
    if (PyErr_Occurred())
        return NULL;
    if (PyDict_Contains(src, rkeys[R_font]) != 0) /* the legacy font: the Python migrates it */
        return PyErr_Occurred() ? NULL : Py_NewRef(DECLINE);
    if (text == NULL || !PyUnicode_Check(text))
        text = rkeys[R_empty];
    PyObject *computed = NULL; /* a line height worked out from the height */
    int truth = line_height == NULL ? 0 : PyObject_IsTrue(line_height);
    if (truth < 0)
        return NULL;
    if (!truth) {
        PyObject *height = PyDict_GetItemWithError(src, keys[K_height]);
        if (height == NULL && PyErr_Occurred())
            return NULL;
        int usable = height != NULL && font_size != NULL;
        if (usable) {
            int h = PyObject_IsTrue(height), f = PyObject_IsTrue(font_size);
            if (h < 0 || f < 0)
                return NULL;
            usable = h && f && (PyLong_Check(height) || PyFloat_Check(height))
                     && (PyLong_Check(font_size) || PyFloat_Check(font_size));
        }
        if (usable) {
            double hd, fd;
            /* height / lines / font_size as Python divides exact doubles (bools and big ints: the Python) */
            if (!(PyFloat_CheckExact(height) || PyLong_CheckExact(height))
                || !(PyFloat_CheckExact(font_size) || PyLong_CheckExact(font_size)))
                return Py_NewRef(DECLINE);
            if (PyFloat_CheckExact(height))
                hd = PyFloat_AS_DOUBLE(height);
            else if (!plain_number(height, &hd))
                return Py_NewRef(DECLINE);
            if (PyFloat_CheckExact(font_size))
                fd = PyFloat_AS_DOUBLE(font_size);
            else if (!plain_number(font_size, &fd))
                return Py_NewRef(DECLINE);
            computed = PyFloat_FromDouble(hd / (double)text_lines(text) / fd);
            if (computed == NULL)
                return NULL;
            line_height = computed;
        }
        else {
            line_height = default_line_height(r, font_family);
            if (line_height == NULL)
                return NULL;
        }
    }
    PyObject *el = NULL;
    int size_ok = font_size == NULL ? 0 : positive_number(font_size, r->limit);
    int height_ok = positive_number(line_height, r->limit);
    if (size_ok < 0 || height_ok < 0) {
        Py_XDECREF(computed);
        return Py_NewRef(DECLINE);
    }
    if (!height_ok) {
        line_height = default_line_height(r, font_family);
        if (line_height == NULL)
            goto error;
    }
    el = common_fields(src, kind, r->normalize_link, r->max_group_depth, r->limit);
    if (el == NULL || el == Py_None) {
        Py_XDECREF(computed);
        return el;
    }
    PyObject *v;
    if (PyDict_SetItem(el, rkeys[R_fontSize], size_ok ? font_size : i_20) < 0
        || PyDict_SetItem(el, rkeys[R_fontFamily],
                          font_family != NULL && PyLong_Check(font_family) && !PyBool_Check(font_family)
                              ? font_family : i_5) < 0
        || PyDict_SetItem(el, rkeys[R_text], text) < 0
        || set_or(el, src, R_textAlign, rkeys[R_left]) < 0
        || set_or(el, src, R_verticalAlign, rkeys[R_top]) < 0
        || set_nn(el, src, R_containerId, Py_None) < 0
        || set_or(el, src, R_originalText, text) < 0
        || set_nn(el, src, R_autoResize, Py_True) < 0
        || PyDict_SetItem(el, rkeys[R_lineHeight], line_height) < 0
        || set_nn(el, src, R_rawText, rkeys[R_empty]) < 0)
        goto error;
    /* labelPosition clamped to 0..1 as min(max(v, 0), 1) gives it */
    v = RGET(src, R_labelPosition);
    if (v == NULL && PyErr_Occurred())
        goto error;
    PyObject *label = Py_None;
    if (v != NULL) {
        int finite = finite_number(v);
        if (finite < 0)
            goto decline;
        if (finite) {
            double d;
            plain_number(v, &d);
            label = d < 0 ? i_0 : d > 1 ? i_1 : v;
        }
    }
    if (PyDict_SetItem(el, rkeys[R_labelPosition], label) < 0)
        goto error;
    v = RGET(src, R_baseFontSize);
    if (v == NULL && PyErr_Occurred())
        goto error;
    int base_ok = v == NULL ? 0 : positive_number(v, r->limit);
    if (base_ok < 0)
        goto decline;
    if (PyDict_SetItem(el, rkeys[R_baseFontSize], base_ok ? v : Py_None) < 0)
        goto error;
    Py_XDECREF(computed);
    return el;
decline:
    Py_XDECREF(computed);
    Py_DECREF(el);
    return Py_NewRef(DECLINE);
error:
    Py_XDECREF(computed);
    Py_XDECREF(el);
    return NULL;
}

/* The points of a line, arrow or freedraw as flat doubles: a PointList's own, or
 * flat_points of a list of rows. 1 (new references in *data and *ints), 0 (the Python
 * decides: other sequences, invalid rows) or -1. */
static int points_data(const Restore *r, PyObject *raw, PyObject **data, PyObject **ints)
{
    if ((PyObject *)Py_TYPE(raw) == r->point_list) {
        *data = PyObject_GetAttr(raw, rkeys[R__data]);
        *ints = *data == NULL ? NULL : PyObject_GetAttr(raw, rkeys[R__ints]);
        if (*ints == NULL) {
            Py_XDECREF(*data);
            return -1;
        }
        if (PyBytes_CheckExact(*data))
            return 1;
        Py_DECREF(*data);
        Py_DECREF(*ints);
        return 0;
    }
    PyObject *made = flat_points(NULL, raw);
    if (made == NULL)
        return -1;
    if (made == Py_None) {
        Py_DECREF(made);
        return 0;
    }
    *data = PyTuple_GET_ITEM(made, 0);
    *ints = PyTuple_GET_ITEM(made, 1);
    Py_INCREF(*data);
    Py_INCREF(*ints);
    Py_DECREF(made);
    return 1;
}

/* PointList._is_int: whether value k was stored as an int. */
static int is_int_value(PyObject *ints, Py_ssize_t k)
{
    if (ints == Py_True)
        return 1;
    return PyBytes_CheckExact(ints) && PyBytes_AS_STRING(ints)[k] == 1;
}

/* _checked_points' limits: 1 within them, 0 not (the Python raises the skip), nor
 * when a value is not finite (a hand-made PointList's; the Python decides). */
static int points_in_limits(const Restore *r, PyObject *data)
{
    Py_ssize_t n = PyBytes_GET_SIZE(data) / 8;
    if (n / 2 > r->max_points)
        return 0;
    const char *p = PyBytes_AS_STRING(data);
    for (Py_ssize_t i = 0; i < n; i++) {
        double d;
        memcpy(&d, p + 8 * i, sizeof d);
        if (!(fabs(d) <= r->limit))
            return 0;
    }
    return 1;
}

static double value_at(PyObject *data, Py_ssize_t k)
{
    double d;
    memcpy(&d, PyBytes_AS_STRING(data) + 8 * k, sizeof d);
    return d;
}

/* PointList.from_flat(data, ints): a new reference. */
static PyObject *make_point_list(const Restore *r, PyObject *data, PyObject *ints)
{
    return PyObject_CallMethodObjArgs(r->point_list, rkeys[R_from_flat], data, ints, NULL);
}

/* _normalize_points: shift the points (data/ints, replaced by new references when they
 * move) so the first is [0, 0], moving el's x/y by the first point as stored (an int
 * when it was one). 1 moved, 0 not, -1 error. */
static int normalize_points(PyObject *el, PyObject **data, PyObject **ints)
{
    double x0 = value_at(*data, 0), y0 = value_at(*data, 1);
    if (x0 == 0 && y0 == 0)
        return 0;
    int keep[2] = {is_int_value(*ints, 0), is_int_value(*ints, 1)};
    double shift[2] = {x0, y0};
    int coord_keys[2] = {K_x, K_y};
    for (int i = 0; i < 2; i++) {
        PyObject *d = keep[i] ? PyLong_FromDouble(shift[i]) : PyFloat_FromDouble(shift[i]);
        PyObject *at = d == NULL ? NULL : PyDict_GetItemWithError(el, keys[coord_keys[i]]);
        PyObject *moved = at == NULL ? NULL : PyNumber_Add(at, d);
        int failed = moved == NULL || PyDict_SetItem(el, keys[coord_keys[i]], moved) < 0;
        Py_XDECREF(d);
        Py_XDECREF(moved);
        if (failed) {
            if (!PyErr_Occurred())
                PyErr_SetString(PyExc_KeyError, "x/y");
            return -1;
        }
    }
    /* PointList.translated */
    Py_ssize_t n = PyBytes_GET_SIZE(*data) / 8;
    PyObject *moved = PyBytes_FromStringAndSize(NULL, n * 8);
    if (moved == NULL)
        return -1;
    const char *from = PyBytes_AS_STRING(*data);
    char *to = PyBytes_AS_STRING(moved);
    for (Py_ssize_t k = 0; k < n; k++) {
        double v;
        memcpy(&v, from + 8 * k, sizeof v);
        v -= shift[k & 1];
        memcpy(to + 8 * k, &v, sizeof v);
    }
    PyObject *new_ints = *ints;
    Py_INCREF(new_ints);
    if (*ints != Py_None && !(keep[0] && keep[1])) {
        Py_DECREF(new_ints);
        PyObject *flags = PyBytes_FromStringAndSize(NULL, n);
        if (flags == NULL) {
            Py_DECREF(moved);
            return -1;
        }
        Py_ssize_t count = 0;
        for (Py_ssize_t k = 0; k < n; k++) {
            char flag = (char)(is_int_value(*ints, k) && keep[k & 1]);
            PyBytes_AS_STRING(flags)[k] = flag;
            count += flag;
        }
        if (count == 0 || count == n) { /* _flags: None when none, True when all */
            Py_DECREF(flags);
            new_ints = count == 0 ? Py_None : Py_True;
            Py_INCREF(new_ints);
        }
        else
            new_ints = flags;
    }
    Py_SETREF(*data, moved);
    Py_SETREF(*ints, new_ints);
    return 1;
}

/* PointList.extent: max - min of each column, the first of equal values picked, an int
 * when both picked values were; sets el's width and height. -1 on error. */
static int set_extent(PyObject *el, PyObject *data, PyObject *ints)
{
    Py_ssize_t n = PyBytes_GET_SIZE(data) / 16;
    int size_keys[2] = {K_width, K_height};
    for (int column = 0; column < 2; column++) {
        Py_ssize_t hi = column, lo = column;
        double hv = value_at(data, column), lv = hv;
        for (Py_ssize_t i = 1; i < n; i++) {
            double v = value_at(data, 2 * i + column);
            if (v > hv) {
                hv = v;
                hi = 2 * i + column;
            }
            if (v < lv) {
                lv = v;
                lo = 2 * i + column;
            }
        }
        PyObject *size = is_int_value(ints, hi) && is_int_value(ints, lo)
                             ? PyLong_FromLongLong((long long)hv - (long long)lv)
                             : PyFloat_FromDouble(hv - lv);
        int failed = size == NULL || PyDict_SetItem(el, keys[size_keys[column]], size) < 0;
        Py_XDECREF(size);
        if (failed)
            return -1;
    }
    return 0;
}

/* _restore_linear's common case (valid points, at least two): el, DECLINE or NULL. */
static PyObject *restore_linear(const Restore *r, PyObject *src, PyObject *kind, int is_arrow)
{
    PyObject *raw = RGET(src, R_points);
    if (raw == NULL)
        return PyErr_Occurred() ? NULL : Py_NewRef(DECLINE);
    PyObject *data, *ints;
    int got = points_data(r, raw, &data, &ints);
    if (got <= 0)
        return got < 0 ? NULL : Py_NewRef(DECLINE);
    PyObject *el = NULL, *points = NULL;
    if (PyBytes_GET_SIZE(data) < 32 || !points_in_limits(r, data)) { /* < 2 points: the diagonal */
        Py_DECREF(data);
        Py_DECREF(ints);
        return Py_NewRef(DECLINE);
    }
    el = common_fields(src, kind, r->normalize_link, r->max_group_depth, r->limit);
    if (el == NULL || el == Py_None)
        goto done;
    /* x/y as stored: getNormalizedDimensions must not move a linear element */
    PyObject *x = PyDict_GetItemWithError(src, keys[K_x]), *y = PyDict_GetItemWithError(src, keys[K_y]);
    if (PyErr_Occurred() || PyDict_SetItem(el, keys[K_x], OR_NONE(x) == Py_None ? i_0 : x) < 0
        || PyDict_SetItem(el, keys[K_y], OR_NONE(y) == Py_None ? i_0 : y) < 0)
        goto error;
    int moved = normalize_points(el, &data, &ints);
    if (moved < 0)
        goto error;
    if (!moved && (PyObject *)Py_TYPE(raw) == r->point_list) {
        points = raw;
        Py_INCREF(points);
    }
    else if ((points = make_point_list(r, data, ints)) == NULL)
        goto error;
    if (PyDict_SetItem(el, rkeys[R_points], points) < 0 || set_extent(el, data, ints) < 0)
        goto error;
    PyObject *v;
    v = arrowhead(r, RGET(src, R_startArrowhead));
    if (v == NULL || PyDict_SetItem(el, rkeys[R_startArrowhead], v) < 0)
        goto error;
    Py_ssize_t n = PyBytes_GET_SIZE(data) / 16;
    if (is_arrow) {
        v = RGET(src, R_endArrowhead);
        v = v == NULL ? (PyErr_Occurred() ? NULL : rkeys[R_arrow]) : arrowhead(r, v);
        if (v == NULL || PyDict_SetItem(el, rkeys[R_endArrowhead], v) < 0)
            goto error;
        v = RGET(el, R_elbowed);
        int elbowed = v == NULL ? (PyErr_Occurred() ? -1 : 0) : PyObject_IsTrue(v);
        if (elbowed < 0)
            goto error;
        if (elbowed) {
            PyObject *fixed = RGET(src, R_fixedSegments);
            if (fixed == NULL && PyErr_Occurred())
                goto error;
            int keep = fixed != NULL && PyList_Check(fixed) && PyList_GET_SIZE(fixed) > 0 && n >= 4;
            if (PyDict_SetItem(el, rkeys[R_fixedSegments], keep ? fixed : Py_None) < 0)
                goto error;
        }
        for (int key = R_startBinding; key <= R_endBinding; key++) {
            v = RGET(src, key);
            if (v == NULL && PyErr_Occurred())
                goto error;
            if (PyDict_SetItem(el, rkeys[key], v != NULL && PyDict_Check(v) ? v : Py_None) < 0)
                goto error;
        }
    }
    else {
        v = arrowhead(r, RGET(src, R_endArrowhead));
        if (v == NULL || PyDict_SetItem(el, rkeys[R_endArrowhead], v) < 0
            || PyDict_SetItem(el, rkeys[R_startBinding], Py_None) < 0
            || PyDict_SetItem(el, rkeys[R_endBinding], Py_None) < 0)
            goto error;
        /* _is_valid_polygon */
        int polygon = 0;
        if (n > 3 && fabs(value_at(data, 0) - value_at(data, 2 * n - 2)) < 1e-4
            && fabs(value_at(data, 1) - value_at(data, 2 * n - 1)) < 1e-4) {
            v = RGET(src, R_polygon);
            polygon = v == NULL ? (PyErr_Occurred() ? -1 : 0) : PyObject_IsTrue(v);
            if (polygon < 0)
                goto error;
        }
        if (PyDict_SetItem(el, rkeys[R_polygon], polygon ? Py_True : Py_False) < 0)
            goto error;
    }
    goto done;
error:
    Py_CLEAR(el);
done:
    Py_XDECREF(points);
    Py_DECREF(data);
    Py_DECREF(ints);
    return el;
}

/* _restore_freedraw's common case (every point a valid pair, every pressure a plain
 * finite number): el, DECLINE or NULL. */
static PyObject *restore_freedraw(const Restore *r, PyObject *src, PyObject *kind)
{
    PyObject *raw = RGET(src, R_points), *raw_pressures = RGET(src, R_pressures);
    PyObject *options = RGET(src, R_strokeOptions);
    if (PyErr_Occurred())
        return NULL;
    if (raw == NULL || (!PyList_CheckExact(raw) && (PyObject *)Py_TYPE(raw) != r->point_list))
        return Py_NewRef(DECLINE);
    if (raw_pressures != NULL && !PyList_CheckExact(raw_pressures)) {
        if (PyList_Check(raw_pressures))
            return Py_NewRef(DECLINE);
        raw_pressures = NULL; /* not a list: [] */
    }
    /* strokeOptions as the Python rebuilds them */
    PyObject *variability = rkeys[R_variable], *streamline = f_default_streamline;
    if (options != NULL && PyDict_Check(options) && !PyDict_CheckExact(options))
        return Py_NewRef(DECLINE);
    if (options != NULL && PyDict_Check(options)) {
        PyObject *v = RGET(options, R_variability);
        if (v == NULL && PyErr_Occurred())
            return NULL;
        if (v != NULL && PyUnicode_Check(v)) {
            if (!PyUnicode_CheckExact(v))
                return Py_NewRef(DECLINE);
            if (PyUnicode_Compare(v, rkeys[R_constant]) == 0 || PyUnicode_Compare(v, rkeys[R_variable]) == 0)
                variability = v;
        }
        v = RGET(options, R_streamline);
        if (v == NULL && PyErr_Occurred())
            return NULL;
        if (v != NULL) {
            int finite = finite_number(v);
            if (finite < 0)
                return Py_NewRef(DECLINE);
            if (finite)
                streamline = v;
        }
    }
    PyObject *data, *ints;
    int got = points_data(r, raw, &data, &ints);
    if (got <= 0)
        return got < 0 ? NULL : Py_NewRef(DECLINE);
    Py_ssize_t n = PyBytes_GET_SIZE(data) / 16;
    PyObject *el = NULL, *points = NULL, *pressures = NULL, *stroke_options = NULL;
    if (n == 0 || !points_in_limits(r, data))
        goto decline;
    pressures = raw_pressures == NULL ? PyList_New(0) : PyList_GetSlice(raw_pressures, 0, n);
    if (pressures == NULL)
        goto error;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(pressures); i++) {
        double d;
        PyObject *p = PyList_GET_ITEM(pressures, i);
        if (!(PyFloat_CheckExact(p) || PyLong_CheckExact(p)) || !plain_number(p, &d))
            goto decline;
    }
    el = common_fields(src, kind, r->normalize_link, r->max_group_depth, r->limit);
    if (el == NULL || el == Py_None)
        goto done;
    if ((PyObject *)Py_TYPE(raw) == r->point_list) {
        points = raw;
        Py_INCREF(points);
    }
    else if ((points = make_point_list(r, data, ints)) == NULL)
        goto error;
    stroke_options = PyDict_New();
    if (stroke_options == NULL || PyDict_SetItem(stroke_options, rkeys[R_variability], variability) < 0
        || PyDict_SetItem(stroke_options, rkeys[R_streamline], streamline) < 0
        || PyDict_SetItem(el, rkeys[R_points], points) < 0 || PyDict_SetItem(el, rkeys[R_pressures], pressures) < 0
        || set_nn(el, src, R_simulatePressure, Py_None) < 0
        || PyDict_SetItem(el, rkeys[R_strokeOptions], stroke_options) < 0)
        goto error;
    goto done;
decline:
    Py_XDECREF(el);
    el = DECLINE;
    Py_INCREF(el);
    goto done;
error:
    Py_CLEAR(el);
done:
    Py_XDECREF(points);
    Py_XDECREF(pressures);
    Py_XDECREF(stroke_options);
    Py_DECREF(data);
    Py_DECREF(ints);
    return el;
}

enum { KIND_OTHER, KIND_PLAIN, KIND_FRAME, KIND_TEXT, KIND_LINE, KIND_ARROW, KIND_FREEDRAW };

static int kind_of(PyObject *kind, PyObject **restored_kind)
{
    static const struct { const char *name; int code; } kinds[] = {
        {"rectangle", KIND_PLAIN}, {"ellipse", KIND_PLAIN}, {"diamond", KIND_PLAIN}, {"frame", KIND_FRAME},
        {"magicframe", KIND_FRAME}, {"text", KIND_TEXT}, {"line", KIND_LINE},
        {"draw", KIND_LINE}, {"arrow", KIND_ARROW}, {"freedraw", KIND_FREEDRAW},
    };
    static PyObject *line;
    if (!PyUnicode_IS_ASCII(kind))
        return KIND_OTHER;
    const char *name = (const char *)PyUnicode_1BYTE_DATA(kind);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        if (strcmp(name, kinds[i].name) != 0 || (Py_ssize_t)strlen(name) != PyUnicode_GET_LENGTH(kind))
            continue;
        *restored_kind = kind;
        if (name[0] == 'd' && kinds[i].code == KIND_LINE) { /* "draw" is restored as "line" */
            if (line == NULL && (line = PyUnicode_InternFromString("line")) == NULL)
                return -1;
            *restored_kind = line;
        }
        return kinds[i].code;
    }
    return KIND_OTHER;
}

/* 1: isInvisiblySmallElement (_is_invisibly_small) is decided false, 0: true (dropped),
 * -2: the Python decides, -1: error. */
static int visible(const Restore *r, PyObject *src, int code)
{
    if (code == KIND_LINE || code == KIND_ARROW || code == KIND_FREEDRAW) {
        PyObject *points = RGET(src, R_points);
        if (points == NULL)
            return PyErr_Occurred() ? -1 : -2;
        if ((PyObject *)Py_TYPE(points) == r->point_list) {
            PyObject *data = PyObject_GetAttr(points, rkeys[R__data]);
            if (data == NULL)
                return -1;
            Py_ssize_t n = PyBytes_CheckExact(data) ? PyBytes_GET_SIZE(data) / 16 : -1;
            int shown = n < 0 ? -2 : n < 2 ? 0 : code != KIND_ARROW || n != 2 ? 1
                : !(fabs(value_at(data, 0) - value_at(data, 2)) < 0.1 && fabs(value_at(data, 1) - value_at(data, 3)) < 0.1);
            Py_DECREF(data);
            return shown;
        }
        if (!PyList_CheckExact(points))
            return -2;
        Py_ssize_t n = PyList_GET_SIZE(points);
        if (n < 2)
            return 0;
        if (code != KIND_ARROW || n != 2)
            return 1;
        /* an arrow's two points closer than 0.1 (the Python's [x, y] lists) */
        double a[2], b[2];
        char is_int;
        PyObject *p = PyList_GET_ITEM(points, 0), *q = PyList_GET_ITEM(points, 1);
        if (!PyList_CheckExact(p) || !PyList_CheckExact(q) || PyList_GET_SIZE(p) != 2 || PyList_GET_SIZE(q) != 2
            || !flat_number(PyList_GET_ITEM(p, 0), &a[0], &is_int) || !flat_number(PyList_GET_ITEM(p, 1), &a[1], &is_int)
            || !flat_number(PyList_GET_ITEM(q, 0), &b[0], &is_int) || !flat_number(PyList_GET_ITEM(q, 1), &b[1], &is_int))
            return -2;
        return !(fabs(a[0] - b[0]) < 0.1 && fabs(a[1] - b[1]) < 0.1);
    }
    PyObject *width = PyDict_GetItemWithError(src, keys[K_width]), *height = PyDict_GetItemWithError(src, keys[K_height]);
    if (PyErr_Occurred())
        return -1;
    int w = width == NULL ? 0 : PyObject_IsTrue(width), h = height == NULL ? 0 : PyObject_IsTrue(height);
    if (w < 0 || h < 0)
        return -1;
    return w || h;
}

/* One stored element: restored (a new dict), DROPPED, DECLINE (new references) or NULL. */
static PyObject *restore_one(const Restore *r, PyObject *src)
{
    if (!PyDict_CheckExact(src))
        return Py_NewRef(DECLINE);
    PyObject *deleted = PyDict_GetItemWithError(src, keys[K_isDeleted]);
    if (deleted == NULL && PyErr_Occurred())
        return NULL;
    int truth = deleted == NULL ? 0 : PyObject_IsTrue(deleted);
    if (truth != 0)
        return truth < 0 ? NULL : DROPPED;
    PyObject *kind = PyDict_GetItemWithError(src, keys[K_type]), *restored_kind = NULL;
    if (kind == NULL || !PyUnicode_CheckExact(kind))
        return PyErr_Occurred() ? NULL : Py_NewRef(DECLINE);
    if (PyUnicode_Compare(kind, rkeys[R_selection]) == 0)
        return DROPPED;
    int code = kind_of(kind, &restored_kind);
    if (code <= 0)
        return code < 0 ? NULL : Py_NewRef(DECLINE);
    int shown = visible(r, src, code);
    if (shown == 0)
        return DROPPED;
    if (shown < 0)
        return shown == -1 ? NULL : Py_NewRef(DECLINE);
    PyObject *el;
    switch (code) {
    case KIND_TEXT:
        el = restore_text(r, src, restored_kind);
        break;
    case KIND_LINE:
    case KIND_ARROW:
        el = restore_linear(r, src, restored_kind, code == KIND_ARROW);
        break;
    case KIND_FREEDRAW:
        el = restore_freedraw(r, src, restored_kind);
        break;
    default:
        el = common_fields(src, restored_kind, r->normalize_link, r->max_group_depth, r->limit);
        if (code == KIND_FRAME && el != NULL && el != Py_None && set_nn(el, src, R_name, Py_None) < 0)
            Py_CLEAR(el);
    }
    if (el == NULL || el == DECLINE)
        return el;
    if (code == KIND_TEXT && PyUnicode_GET_LENGTH(PyDict_GetItem(el, rkeys[R_text])) == 0) {
        Py_DECREF(el);
        return DROPPED; /* empty texts are deleted on export */
    }
    if (code == KIND_LINE || code == KIND_ARROW) { /* oversized: the Python counts and warns */
        PyObject *sizes[2] = {PyDict_GetItem(el, keys[K_width]), PyDict_GetItem(el, keys[K_height])};
        for (int i = 0; i < 2; i++) {
            double d;
            if (!plain_number(sizes[i], &d) || d > r->max_linear_px) {
                Py_DECREF(el);
                return Py_NewRef(DECLINE);
            }
        }
    }
    return el;
}

static PyObject *restore_list(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *raw, *out, *seen, *fallback;
    int release;
    Restore r;
    if (!PyArg_ParseTuple(args, "O!pO!O!O(OOO!O!nndd)", &PyList_Type, &raw, &release, &PyList_Type, &out,
                          &PySet_Type, &seen, &fallback, &r.normalize_link, &r.point_list, &PyDict_Type,
                          &r.arrowheads, &PyDict_Type, &r.line_heights, &r.max_group_depth, &r.max_points, &r.limit,
                          &r.max_linear_px))
        return NULL;
    Py_ssize_t handled = 0;
    PyObject *src;
    for (Py_ssize_t position = 0; position < PyList_GET_SIZE(raw); position++) {
        src = PyList_GET_ITEM(raw, position);
        Py_INCREF(src);
        if (release && PyList_SetItem(raw, position, Py_NewRef(Py_None)) < 0)
            goto error;
        PyObject *el = restore_one(&r, src);
        if (el == NULL)
            goto error;
        if (el == DROPPED) {
            handled++;
            Py_DECREF(src);
            continue;
        }
        if (el != DECLINE) {
            /* a new string id is kept; anything else is renamed by the Python */
            PyObject *id = PyDict_GetItemWithError(el, k_id);
            int fresh = id != NULL && PyUnicode_CheckExact(id) && PyUnicode_GET_LENGTH(id) > 0;
            if (fresh)
                fresh = PySet_Contains(seen, id) == 0;
            if (PyErr_Occurred()) {
                Py_DECREF(el);
                goto error;
            }
            if (fresh) {
                int failed = PySet_Add(seen, id) < 0 || PyList_Append(out, el) < 0;
                Py_DECREF(el);
                Py_DECREF(src);
                if (failed)
                    return NULL;
                handled++;
                continue;
            }
        }
        Py_DECREF(el);
        PyObject *done = PyObject_CallFunction(fallback, "nO", position, src);
        if (done == NULL)
            goto error;
        Py_DECREF(done);
        Py_DECREF(src);
    }
    return PyLong_FromSsize_t(handled);
error:
    Py_DECREF(src);
    return NULL;
}

/* ---------------------------------------------------------------------------
 * plain_kind(el: dict, kind: str, kept: set, config: tuple) -> bool
 *
 * exporter.scene.limits._fix_kind's common case (the Python is the reference): True when
 * the fields of ``kind``'s elements are all valid as they are, after giving a line's or
 * arrow's bindings new dicts of the same content as the Python does (safe ids noted in
 * ``kept``); False (nothing changed but ids noted in ``kept``) for anything else, which
 * the caller then checks field by field.
 *
 * config: (text_aligns, vertical_aligns, arrowheads: frozensets, PointList,
 *          min_font_size, max_font_size, max_line_height, max_fill_lines, max_text_chars)
 */

typedef struct {
    PyObject *text_aligns, *vertical_aligns, *arrowheads, *point_list;
    double min_font_size, max_font_size, max_line_height, max_fill_lines;
    Py_ssize_t max_text_chars;
} Limits;

/* _Fixer.text: 1 the value as it is (present, None or a str not too long), 0 not, -1 error. */
static int plain_text(const Limits *l, PyObject *el, int key, int allow_none)
{
    PyObject *v = RGET(el, key);
    if (v == NULL)
        return PyErr_Occurred() ? -1 : 0;
    if (v == Py_None)
        return allow_none;
    return PyUnicode_CheckExact(v) && PyUnicode_GET_LENGTH(v) <= l->max_text_chars;
}

/* _Fixer.choice: 1 kept as it is, 0 not, -1 error. */
static int plain_choice(PyObject *el, int key, PyObject *allowed, int none_ok)
{
    PyObject *v = RGET(el, key);
    if (v == NULL && PyErr_Occurred())
        return -1;
    if (v == NULL || v == Py_None)
        return none_ok;
    return in_set(allowed, v);
}

/* _fill_lines(el) <= max_fill_lines: 1 yes, 0 no or the Python must decide, -1 error. */
static int fill_lines_within(const Limits *l, PyObject *el, int code)
{
    PyObject *sw = PyDict_GetItemWithError(el, keys[K_strokeWidth]);
    PyObject *width = PyDict_GetItemWithError(el, keys[K_width]), *height = PyDict_GetItemWithError(el, keys[K_height]);
    PyObject *style = PyDict_GetItemWithError(el, keys[K_fillStyle]);
    if (PyErr_Occurred())
        return -1;
    double s, w, h;
    /* the Python's defaults for absent fields: strokeWidth 2, width/height 0 */
    if (sw == NULL)
        s = 2;
    else if (!plain_number(sw, &s))
        return 0;
    if (width == NULL)
        w = 0;
    else if (!plain_number(width, &w))
        return 0;
    if (height == NULL)
        h = 0;
    else if (!plain_number(height, &h))
        return 0;
    w = fabs(w);
    h = fabs(h);
    /* sums of ints below 2**52 are exact in a double, as Python's int sums */
    if (w >= 4503599627370496.0 || h >= 4503599627370496.0 || style == NULL || !PyUnicode_CheckExact(style))
        return 0;
    if (code == KIND_LINE || code == KIND_FREEDRAW) {
        PyObject *points = RGET(el, R_points);
        if (points == NULL && PyErr_Occurred())
            return -1;
        if (points != NULL && points != Py_None) {
            if ((PyObject *)Py_TYPE(points) != l->point_list)
                return 0;
            PyObject *data = PyObject_GetAttr(points, rkeys[R__data]);
            if (data == NULL)
                return -1;
            Py_ssize_t n = PyBytes_CheckExact(data) ? PyBytes_GET_SIZE(data) / 16 : -1;
            if (n < 0) {
                Py_DECREF(data);
                return 0;
            }
            if (n > 0) {
                double lo[2] = {value_at(data, 0), value_at(data, 1)}, hi[2] = {lo[0], lo[1]};
                for (Py_ssize_t k = 0; k < 2 * n; k++) {
                    double v = value_at(data, k);
                    if (isnan(v)) { /* max() and min() of NaNs: the Python */
                        Py_DECREF(data);
                        return 0;
                    }
                    if (v > hi[k & 1])
                        hi[k & 1] = v;
                    if (v < lo[k & 1])
                        lo[k & 1] = v;
                }
                w = hi[0] - lo[0];
                h = hi[1] - lo[1];
            }
            Py_DECREF(data);
        }
    }
    double gap = s * 4 > 0.1 ? s * 4 : 0.1, lines;
    if (PyUnicode_CompareWithASCIIString(style, "dots") == 0)
        lines = (w / gap + 1) * (h / gap + 1);
    else {
        lines = (w + h) / gap;
        if (PyUnicode_CompareWithASCIIString(style, "cross-hatch") == 0)
            lines *= 2;
    }
    return !(lines > l->max_fill_lines);
}

#define CHECK(cond) do { int ok_ = (cond); if (ok_ < 0) return NULL; if (!ok_) Py_RETURN_FALSE; } while (0)

static PyObject *plain_kind(PyObject *self, PyObject *args)
{
    (void)self;
    PyObject *el, *kind, *kept;
    Limits l;
    double d;
    if (!PyArg_ParseTuple(args, "O!UO!(OOOOddddn)", &PyDict_Type, &el, &kind, &PySet_Type, &kept, &l.text_aligns,
                          &l.vertical_aligns, &l.arrowheads, &l.point_list, &l.min_font_size, &l.max_font_size,
                          &l.max_line_height, &l.max_fill_lines, &l.max_text_chars))
        return NULL;
    if (!PyDict_CheckExact(el))
        Py_RETURN_FALSE;
    PyObject *restored_kind = NULL, *v;
    int code = kind_of(kind, &restored_kind);
    if (code < 0)
        return NULL;
    if (code == KIND_LINE && restored_kind != kind) /* "draw": only the Python's kinds */
        code = KIND_OTHER;
    if (code == KIND_OTHER) {
        /* images, embeddables (their scale), stickynotes and unknown kinds: the Python */
        Py_RETURN_FALSE;
    }
    PyObject *bindings[2] = {NULL, NULL};
    if (code == KIND_TEXT) {
        v = RGET(el, R_fontSize);
        CHECK(v != NULL && plain_number(v, &d) && l.min_font_size <= d && d <= l.max_font_size && d > 0);
        v = RGET(el, R_fontFamily);
        CHECK(v != NULL && PyLong_CheckExact(v) && plain_number(v, &d));
        v = RGET(el, R_lineHeight);
        CHECK(v == NULL || v == Py_None || (plain_number(v, &d) && 0 < d && d <= l.max_line_height));
        CHECK(plain_text(&l, el, R_text, 0));
        CHECK(plain_text(&l, el, R_originalText, 1));
        CHECK(plain_choice(el, R_textAlign, l.text_aligns, 0));
        CHECK(plain_choice(el, R_verticalAlign, l.vertical_aligns, 0));
        v = RGET(el, R_containerId);
        CHECK(v != NULL && (v == Py_None || safe_ref(kept, v)));
    }
    else if (code == KIND_FRAME)
        CHECK(plain_text(&l, el, R_name, 1));
    else if (code == KIND_LINE || code == KIND_ARROW) {
        CHECK(plain_choice(el, R_startArrowhead, l.arrowheads, 1));
        CHECK(plain_choice(el, R_endArrowhead, l.arrowheads, 1));
        for (int i = 0; i < 2; i++) {
            PyObject *binding = RGET(el, R_startBinding + i);
            if (binding == NULL || !PyDict_Check(binding))
                continue;
            CHECK(PyDict_CheckExact(binding));
            v = RGET(binding, R_elementId);
            if (v == NULL && PyErr_Occurred())
                return NULL;
            if (v == NULL) /* no elementId: kept as it is */
                continue;
            CHECK(safe_ref(kept, v));
            bindings[i] = binding;
        }
    }
    if (PyErr_Occurred())
        return NULL;
    if (code != KIND_TEXT && code != KIND_FRAME) {
        v = PyDict_GetItemWithError(el, keys[K_fillStyle]);
        if (v == NULL && PyErr_Occurred())
            return NULL;
        if (v == NULL || !PyUnicode_CheckExact(v) || PyUnicode_CompareWithASCIIString(v, "solid") != 0)
            CHECK(fill_lines_within(&l, el, code));
    }
    /* the Python's new binding dicts of the same content */
    for (int i = 0; i < 2; i++) {
        if (bindings[i] == NULL)
            continue;
        PyObject *copy = PyDict_Copy(bindings[i]);
        int failed = copy == NULL || PyDict_SetItem(el, rkeys[R_startBinding + i], copy) < 0;
        Py_XDECREF(copy);
        if (failed)
            return NULL;
    }
    Py_RETURN_TRUE;
}
#undef CHECK

/* ---------------------------------------------------------------------------
 * json_array_items(data: bytes, key: bytes) -> (start, end, starts, ends) | None
 *
 * Where the top-level object's ``key`` array lies in a JSON document (data[start:end] is
 * the whole ``[...]``) and each of its items (data[starts[i]:ends[i]]), found by a scan of
 * the structure only (strings skipped, brackets counted): exporter.load.json_scene parses a
 * large document's elements a slice at a time with orjson from it. None when the document
 * is not one object with that key once, unescaped, holding an array; the slices are only
 * offsets, the parser still validates every byte of them.
 */

static Py_ssize_t json_ws(const char *d, Py_ssize_t p, Py_ssize_t n)
{
    while (p < n && (d[p] == ' ' || d[p] == '\t' || d[p] == '\n' || d[p] == '\r'))
        p++;
    return p;
}

/* The end of the string whose opening quote is at p (after its closing quote), or -1. */
static Py_ssize_t json_string_end(const char *d, Py_ssize_t p, Py_ssize_t n)
{
    for (p++; p < n; p++) {
        if (d[p] == '\\')
            p++;
        else if (d[p] == '"')
            return p + 1;
    }
    return -1;
}

/* The end of the value starting at p (not whitespace), or -1. */
static Py_ssize_t json_value_end(const char *d, Py_ssize_t p, Py_ssize_t n)
{
    if (p >= n)
        return -1;
    if (d[p] == '"')
        return json_string_end(d, p, n);
    if (d[p] == '[' || d[p] == '{') {
        Py_ssize_t depth = 0;
        for (; p < n; p++) {
            char c = d[p];
            if (c == '"') {
                p = json_string_end(d, p, n);
                if (p < 0)
                    return -1;
                p--;
            } else if (c == '[' || c == '{') {
                depth++;
            } else if (c == ']' || c == '}') {
                if (--depth == 0)
                    return p + 1;
            }
        }
        return -1;
    }
    while (p < n && d[p] != ',' && d[p] != ']' && d[p] != '}' && d[p] != ' ' && d[p] != '\t' && d[p] != '\n'
           && d[p] != '\r')
        p++;
    return p;
}

static PyObject *json_array_items(PyObject *self, PyObject *args)
{
    (void)self;
    Py_buffer data, key;
    if (!PyArg_ParseTuple(args, "y*y*", &data, &key))
        return NULL;
    const char *d = data.buf;
    Py_ssize_t n = data.len, p = json_ws(d, 0, n), start = -1, end = -1;
    PyObject *result = NULL, *starts = NULL, *ends = NULL;
    if (p >= n || d[p] != '{')
        goto none;
    p = json_ws(d, p + 1, n);
    if (p < n && d[p] == '}')
        goto none;
    for (;;) { /* key: value pairs of the top-level object */
        if (p >= n || d[p] != '"')
            goto none;
        Py_ssize_t key_end = json_string_end(d, p, n);
        if (key_end < 0 || memchr(d + p, '\\', (size_t)(key_end - p)) != NULL)
            goto none; /* an escaped key could spell the key another way */
        int is_key = key_end - p - 2 == key.len && memcmp(d + p + 1, key.buf, (size_t)key.len) == 0;
        p = json_ws(d, key_end, n);
        if (p >= n || d[p] != ':')
            goto none;
        p = json_ws(d, p + 1, n);
        Py_ssize_t value_end = json_value_end(d, p, n);
        if (value_end < 0)
            goto none;
        if (is_key) {
            if (start >= 0 || d[p] != '[')
                goto none; /* twice (the last would win), or not an array */
            start = p;
            end = value_end;
        }
        p = json_ws(d, value_end, n);
        if (p < n && d[p] == ',') {
            p = json_ws(d, p + 1, n);
            continue;
        }
        if (p < n && d[p] == '}')
            break;
        goto none;
    }
    if (start < 0 || json_ws(d, p + 1, n) != n)
        goto none;
    starts = PyList_New(0);
    ends = PyList_New(0);
    if (starts == NULL || ends == NULL)
        goto done;
    p = json_ws(d, start + 1, n);
    if (d[p] != ']') {
        for (;;) {
            Py_ssize_t item_end = json_value_end(d, p, end);
            if (item_end < 0 || item_end == p)
                goto none;
            PyObject *a = PyLong_FromSsize_t(p), *b = PyLong_FromSsize_t(item_end);
            int failed = a == NULL || b == NULL || PyList_Append(starts, a) < 0 || PyList_Append(ends, b) < 0;
            Py_XDECREF(a);
            Py_XDECREF(b);
            if (failed)
                goto done;
            p = json_ws(d, item_end, end);
            if (p < end && d[p] == ',') {
                p = json_ws(d, p + 1, end);
                continue;
            }
            if (p == end - 1 && d[p] == ']')
                break;
            goto none;
        }
    } else if (p != end - 1) {
        goto none;
    }
    result = Py_BuildValue("nnOO", start, end, starts, ends);
    goto done;
none:
    result = Py_NewRef(Py_None);
done:
    Py_XDECREF(starts);
    Py_XDECREF(ends);
    PyBuffer_Release(&data);
    PyBuffer_Release(&key);
    return result;
}

static PyMethodDef methods[] = {
    {"decode", decode, METH_VARARGS, "LZ-String decoding loop (see exporter.load.lzstring)."},
    {"decode_text", decode_text, METH_VARARGS, "decode() of an ASCII text's bit buffer, built in C."},
    {"restore_common", restore_common, METH_VARARGS,
     "The common case of exporter.scene.restore._restore_common, or None (see there)."},
    {"plain_common", plain_common, METH_VARARGS, "exporter.scene.limits._plain_common (see there)."},
    {"flat_points", flat_points, METH_O, "exporter.scene.points.flat_points_py (see there)."},
    {"points_max_abs", points_max_abs, METH_O, "exporter.scene.points.PointList.max_abs (see there)."},
    {"restore_list", restore_list, METH_VARARGS,
     "The common elements of exporter.scene.restore.restore_elements' loop (see there)."},
    {"plain_kind", plain_kind, METH_VARARGS, "The common case of exporter.scene.limits._fix_kind (see there)."},
    {"json_array_items", json_array_items, METH_VARARGS,
     "Offsets of a top-level array and its items in a JSON document (see exporter.load.json_scene)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_lzdecode", "Fast LZ-String decoding loop.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__lzdecode(void)
{
    if (init_keys() < 0 || init_restore_keys() < 0)
        return NULL;
    return PyModule_Create(&module);
}
