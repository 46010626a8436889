/* A streaming JSON writer (RFC 8259): values go straight to the stream,
 * so a listing of any size costs no memory. Strings are escaped: quote,
 * backslash and control characters as \" \\ \n \t ... \u00XX, DEL as
 * \u007f; bytes that are not valid UTF-8 become U+FFFD, and the writer
 * remembers that it replaced some (json_replaced) so callers can add the
 * exact bytes beside. Output is one line: a document per line under -c. */
#ifndef NETSTAT_RENDER_JSON_H
#define NETSTAT_RENDER_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 16
#define JSON_BUF       8192

struct json {
    FILE *out;
    char buf[JSON_BUF]; /* output collects here: one fwrite per 8 KiB */
    size_t len;
    int depth;
    bool need_comma[JSON_MAX_DEPTH];
    bool after_key;
    bool replaced; /* the last string had bytes that are not UTF-8 */
};

void json_init(struct json *j, FILE *out);

void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);

/* A member's name; the next value is its value. */
void json_key(struct json *j, const char *key);

void json_string(struct json *j, const char *s);
void json_string_n(struct json *j, const char *s, size_t n);
void json_u64(struct json *j, uint64_t v);
void json_i64(struct json *j, int64_t v);
/* A fixed-point number: v / 10^decimals, e.g. (1234, 2) -> 12.34. */
void json_fixed(struct json *j, int64_t v, int decimals);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

/* Shorthands for a member: key and value. A NULL string is null. */
void json_kv_string(struct json *j, const char *key, const char *s);
void json_kv_u64(struct json *j, const char *key, uint64_t v);
void json_kv_i64(struct json *j, const char *key, int64_t v);
void json_kv_bool(struct json *j, const char *key, bool v);

/* A string member from raw bytes: the escaped text, and when some bytes
 * were not UTF-8, also "<key>_hex" with every byte in hex, so nothing is
 * lost. */
void json_kv_bytes(struct json *j, const char *key, const char *s, size_t n);

/* Ends the document: a newline; everything goes to the stream. */
void json_end_document(struct json *j);

/* Hands what is collected to the stream (json_end_document does). */
void json_flush(struct json *j);

/* Writes the escaped form of s[0..n) (without quotes) to out; returns
 * true when some bytes were not valid UTF-8 (fuzzed). */
bool json_escape(FILE *out, const char *s, size_t n);

#endif
