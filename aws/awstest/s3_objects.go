package awstest

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"sort"
	"strconv"
	"strings"
	"time"
)

func s3Time(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func (e *Emulator) s3ListObjects(q *request, name, _ string, _ []byte) (*s3Response, *apiError) {
	b, aerr := e.bucketFor(q, name)
	if aerr != nil {
		return nil, aerr
	}
	params := q.r.URL.Query()
	prefix, delim := params.Get("prefix"), params.Get("delimiter")
	extra := condContext{}
	extra.set("s3:prefix", prefix)
	if delim != "" {
		extra.set("s3:delimiter", delim)
	}
	if aerr := e.authorizeS3(q, b, "s3:ListBucket", s3BucketARN(e.partitionOf(b.account), name), extra); aerr != nil {
		return nil, aerr
	}
	maxKeys := 1000
	if v := params.Get("max-keys"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return nil, newError(http.StatusBadRequest, "InvalidArgument", "Provided max-keys not an integer or within integer range")
		}
		maxKeys = min(n, 1000)
	}
	v2 := q.action == "ListObjectsV2"
	after := params.Get("marker")
	if v2 {
		after = params.Get("start-after")
		if tok := params.Get("continuation-token"); tok != "" {
			raw, err := base64.RawURLEncoding.DecodeString(tok)
			if err != nil {
				return nil, newError(http.StatusBadRequest, "InvalidArgument", "The continuation token provided is incorrect")
			}
			after = string(raw)
		}
	}
	enc := func(s string) string { return s }
	if params.Get("encoding-type") == "url" {
		enc = func(s string) string { return uriEncode(s, false) }
	}

	out := s3ListResult{Name: name, Prefix: enc(prefix), Delimiter: enc(delim), MaxKeys: maxKeys, EncodingType: params.Get("encoding-type")}
	var last string
	count := 0
	lastPrefix := ""
	for _, key := range sortedKeys(b.objects) {
		if !strings.HasPrefix(key, prefix) || key <= after {
			continue
		}
		entry, isPrefix := key, false
		if delim != "" {
			if i := strings.Index(key[len(prefix):], delim); i >= 0 {
				entry, isPrefix = key[:len(prefix)+i+len(delim)], true
				if entry == lastPrefix || (strings.HasPrefix(after, entry) && after != "") {
					continue
				}
			}
		}
		if count == maxKeys {
			out.IsTruncated = true
			break
		}
		count++
		last = entry
		if isPrefix {
			lastPrefix = entry
			out.CommonPrefixes = append(out.CommonPrefixes, s3CommonPrefix{Prefix: enc(entry)})
			continue
		}
		o := b.objects[key]
		out.Contents = append(out.Contents, s3Contents{Key: enc(key), LastModified: s3Time(o.modified), ETag: o.etag, Size: len(o.body), StorageClass: "STANDARD"})
	}
	if v2 {
		out.KeyCount = &count
		out.ContinuationToken = params.Get("continuation-token")
		out.StartAfter = enc(params.Get("start-after"))
		if out.IsTruncated {
			out.NextContinuationToken = base64.RawURLEncoding.EncodeToString([]byte(last))
		}
	} else {
		m := enc(params.Get("marker"))
		out.Marker = &m
		if out.IsTruncated && delim != "" {
			out.NextMarker = enc(last)
		}
	}
	body, err := xmlBody(out)
	if err != nil {
		return nil, newError(http.StatusInternalServerError, "InternalError", "encode listing: %v", err)
	}
	return &s3Response{status: http.StatusOK, body: body}, nil
}

func (e *Emulator) objectARN(b *bucket, key string) string {
	return s3BucketARN(e.partitionOf(b.account), b.name) + "/" + key
}

// storedHeaders lists the request headers kept with an object and returned by GetObject.
func isStoredHeader(k string) bool {
	k = strings.ToLower(k)
	return strings.HasPrefix(k, "x-amz-meta-") || strings.HasPrefix(k, "x-amz-checksum-") && k != "x-amz-checksum-algorithm" ||
		k == "cache-control" || k == "content-disposition" || k == "content-language"
}

func (e *Emulator) s3PutObject(q *request, name, key string, body []byte) (*s3Response, *apiError) {
	b, aerr := e.bucketFor(q, name)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := e.authorizeS3(q, b, "s3:PutObject", e.objectARN(b, key), putObjectContext(q)); aerr != nil {
		return nil, aerr
	}
	kk, aerr := e.s3ObjectKey(q, b)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := e.authorizeObjectKey(q, kk, "kms:GenerateDataKey"); aerr != nil {
		return nil, aerr
	}
	o := &object{key: key, body: append([]byte(nil), body...), etag: etagOf(body), modified: q.now,
		contentType: q.r.Header.Get("Content-Type"), meta: map[string]string{}}
	if o.contentType == "" {
		o.contentType = "binary/octet-stream"
	}
	h := http.Header{"Etag": {o.etag}}
	for k, vs := range q.r.Header {
		if isStoredHeader(k) && len(vs) > 0 {
			o.meta[textproto.CanonicalMIMEHeaderKey(k)] = vs[0]
			if strings.HasPrefix(strings.ToLower(k), "x-amz-checksum-") {
				h.Set(k, vs[0])
			}
		}
	}
	for k, v := range trailerChecksums(q) {
		o.meta[k] = v
		h.Set(k, v)
	}
	if kk != nil {
		o.meta["X-Amz-Server-Side-Encryption"], o.meta["X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"] = "aws:kms", kk.arn
		h.Set("X-Amz-Server-Side-Encryption", "aws:kms")
		h.Set("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id", kk.arn)
	}
	b.objects[key] = o
	return &s3Response{status: http.StatusOK, header: h}, nil
}

func (e *Emulator) s3GetObject(q *request, name, key string, _ []byte) (*s3Response, *apiError) {
	b, aerr := e.bucketFor(q, name)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := e.authorizeS3(q, b, "s3:GetObject", e.objectARN(b, key), nil); aerr != nil {
		return nil, aerr
	}
	o := b.objects[key]
	if o == nil {
		// Without s3:ListBucket, S3 does not reveal whether the key exists.
		if aerr := e.authorizeS3(q, b, "s3:ListBucket", s3BucketARN(e.partitionOf(b.account), name), nil); aerr != nil {
			return nil, aerr
		}
		aerr := newError(http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
		aerr.Extra = []xmlField{{"Key", key}}
		return nil, aerr
	}
	if keyARN := o.meta["X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id"]; keyARN != "" {
		if aerr := e.authorizeObjectKey(q, e.kmsKeys[keyARN], "kms:Decrypt"); aerr != nil {
			return nil, aerr
		}
	}
	h := http.Header{
		"Content-Type":  {o.contentType},
		"Etag":          {o.etag},
		"Last-Modified": {o.modified.UTC().Format(http.TimeFormat)},
		"Accept-Ranges": {"bytes"},
	}
	body := o.body
	status := http.StatusOK
	if rng := q.r.Header.Get("Range"); rng != "" {
		start, end, ok := parseRange(rng, len(o.body))
		if !ok {
			aerr := newError(http.StatusRequestedRangeNotSatisfiable, "InvalidRange", "The requested range is not satisfiable")
			aerr.Extra = []xmlField{{"RangeRequested", rng}, {"ActualObjectSize", strconv.Itoa(len(o.body))}}
			return nil, aerr
		}
		body, status = o.body[start:end+1], http.StatusPartialContent
		h.Set("Content-Range", fmt.Sprintf("bytes %d-%d/%d", start, end, len(o.body)))
	}
	for k, v := range o.meta {
		if strings.HasPrefix(k, "X-Amz-Checksum-") && (status != http.StatusOK || !strings.EqualFold(q.r.Header.Get("X-Amz-Checksum-Mode"), "ENABLED")) {
			continue
		}
		h.Set(k, v)
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if body == nil {
		body = []byte{}
	}
	return &s3Response{status: status, header: h, body: body}, nil
}

// parseRange parses a single "bytes=a-b", "bytes=a-" or "bytes=-n" range.
func parseRange(h string, size int) (start, end int, ok bool) {
	spec, found := strings.CutPrefix(h, "bytes=")
	if !found || strings.Contains(spec, ",") {
		return 0, 0, false
	}
	a, b, found := strings.Cut(spec, "-")
	if !found {
		return 0, 0, false
	}
	switch {
	case a == "":
		n, err := strconv.Atoi(b)
		if err != nil || n <= 0 || size == 0 {
			return 0, 0, false
		}
		return max(size-n, 0), size - 1, true
	default:
		s, err := strconv.Atoi(a)
		if err != nil || s >= size {
			return 0, 0, false
		}
		end = size - 1
		if b != "" {
			if end, err = strconv.Atoi(b); err != nil || end < s {
				return 0, 0, false
			}
			end = min(end, size-1)
		}
		return s, end, true
	}
}

func (e *Emulator) s3DeleteObject(q *request, name, key string, _ []byte) (*s3Response, *apiError) {
	b, aerr := e.bucketFor(q, name)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := e.authorizeS3(q, b, "s3:DeleteObject", e.objectARN(b, key), nil); aerr != nil {
		return nil, aerr
	}
	delete(b.objects, key)
	return &s3Response{status: http.StatusNoContent}, nil
}

// decodeAWSChunked decodes an aws-chunked body ("<hex size>[;chunk-signature=…]\r\n<data>\r\n" …
// "0…\r\n" then optional trailers and "\r\n"). Chunk signatures are not verified.
func decodeAWSChunked(body []byte) ([]byte, error) {
	r := bufio.NewReader(bytes.NewReader(body))
	var out bytes.Buffer
	for {
		line, err := r.ReadString('\n')
		if err != nil {
			return nil, errors.New("missing chunk header")
		}
		sizeHex, _, _ := strings.Cut(strings.TrimRight(line, "\r\n"), ";")
		size, err := strconv.ParseInt(strings.TrimSpace(sizeHex), 16, 64)
		if err != nil || size < 0 || size > int64(len(body)) {
			return nil, fmt.Errorf("bad chunk size %q", sizeHex)
		}
		if size == 0 {
			return out.Bytes(), nil
		}
		if _, err := io.CopyN(&out, r, size); err != nil {
			return nil, fmt.Errorf("short chunk: %w", err)
		}
		if crlf, err := r.ReadString('\n'); err != nil || strings.TrimRight(crlf, "\r\n") != "" {
			return nil, errors.New("chunk not terminated by CRLF")
		}
	}
}

// trailerChecksums returns x-amz-checksum-* trailers of an aws-chunked body.
func trailerChecksums(q *request) map[string]string {
	if !strings.Contains(q.r.Header.Get("Content-Encoding"), "aws-chunked") {
		return nil
	}
	i := bytes.Index(q.body, []byte("0\r\n"))
	if j := bytes.LastIndex(q.body, []byte("\r\n0")); j >= 0 {
		i = j + 2
	}
	if i < 0 {
		return nil
	}
	out := map[string]string{}
	for _, line := range strings.Split(string(q.body[i:]), "\r\n") {
		k, v, ok := strings.Cut(line, ":")
		if ok && strings.HasPrefix(strings.ToLower(k), "x-amz-checksum-") {
			out[textproto.CanonicalMIMEHeaderKey(k)] = strings.TrimSpace(v)
		}
	}
	return out
}
