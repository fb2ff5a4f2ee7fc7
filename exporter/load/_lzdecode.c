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

static PyObject *decode(PyObject *self, PyObject *args)
{
    (void)self;
    Py_buffer view;
    unsigned long long total_bits, max_output;
    if (!PyArg_ParseTuple(args, "y*KK", &view, &total_bits, &max_output))
        return NULL;
    BitSource src = {view.buf, view.len};
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
    PyBuffer_Release(&view);
    return ret;
}

static PyMethodDef methods[] = {
    {"decode", decode, METH_VARARGS, "LZ-String decoding loop (see exporter.load.lzstring)."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "_lzdecode", "Fast LZ-String decoding loop.", -1, methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__lzdecode(void)
{
    return PyModule_Create(&module);
}
