package awstest

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strconv"
)

// s3Response is a successful S3 answer.
type s3Response struct {
	status int
	header http.Header
	body   []byte
}

type s3Contents struct {
	Key          string
	LastModified string
	ETag         string
	Size         int
	StorageClass string
}

type s3CommonPrefix struct{ Prefix string }

type s3ListResult struct {
	XMLName               xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListBucketResult"`
	Name                  string
	Prefix                string
	Delimiter             string `xml:",omitempty"`
	Marker                *string
	NextMarker            string `xml:",omitempty"`
	MaxKeys               int
	KeyCount              *int
	IsTruncated           bool
	ContinuationToken     string `xml:",omitempty"`
	NextContinuationToken string `xml:",omitempty"`
	StartAfter            string `xml:",omitempty"`
	EncodingType          string `xml:",omitempty"`
	Contents              []s3Contents
	CommonPrefixes        []s3CommonPrefix
}

type s3Bucket struct {
	Name         string
	CreationDate string
	BucketRegion string
}

type s3Owner struct {
	ID          string
	DisplayName string `xml:",omitempty"`
}

type s3ListBucketsResult struct {
	XMLName xml.Name   `xml:"http://s3.amazonaws.com/doc/2006-03-01/ ListAllMyBucketsResult"`
	Owner   s3Owner    `xml:"Owner"`
	Buckets []s3Bucket `xml:"Buckets>Bucket"`
}

type s3LocationResult struct {
	XMLName  xml.Name `xml:"http://s3.amazonaws.com/doc/2006-03-01/ LocationConstraint"`
	Location string   `xml:",chardata"`
}

type s3CreateBucketConfiguration struct {
	LocationConstraint string
}

// xmlBody renders v as an S3 XML document.
func xmlBody(v any) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(xml.Header)
	if err := xml.NewEncoder(&b).Encode(v); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// writeS3Error writes S3's <Error> document (HEAD responses carry no body) and returns the status.
func writeS3Error(w http.ResponseWriter, q *request, err *apiError) int {
	h := w.Header()
	for k, vs := range err.Header {
		for _, v := range vs {
			h.Add(k, v)
		}
	}
	h.Set("x-amz-request-id", q.id)
	h.Set("x-amz-id-2", q.id)
	if q.r.Method == http.MethodHead {
		w.WriteHeader(err.Status)
		return err.Status
	}
	var b bytes.Buffer
	b.WriteString(xml.Header)
	b.WriteString("<Error><Code>")
	_ = xml.EscapeText(&b, []byte(err.Code))
	b.WriteString("</Code><Message>")
	_ = xml.EscapeText(&b, []byte(err.Message))
	b.WriteString("</Message>")
	for _, f := range err.Extra {
		b.WriteString("<" + f.Name + ">")
		_ = xml.EscapeText(&b, []byte(f.Value))
		b.WriteString("</" + f.Name + ">")
	}
	b.WriteString("<RequestId>" + q.id + "</RequestId><HostId>" + q.id + "</HostId></Error>")
	h.Set("Content-Type", "application/xml")
	w.WriteHeader(err.Status)
	_, _ = w.Write(b.Bytes())
	return err.Status
}

// writeS3Response writes a successful S3 answer and returns the status.
func writeS3Response(w http.ResponseWriter, q *request, resp *s3Response) int {
	h := w.Header()
	for k, vs := range resp.header {
		h[k] = vs
	}
	h.Set("x-amz-request-id", q.id)
	h.Set("x-amz-id-2", q.id)
	if resp.body != nil && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/xml")
	}
	if q.r.Method != http.MethodHead && resp.body != nil && h.Get("Content-Length") == "" {
		h.Set("Content-Length", strconv.Itoa(len(resp.body)))
	}
	w.WriteHeader(resp.status)
	if q.r.Method != http.MethodHead {
		_, _ = w.Write(resp.body)
	}
	return resp.status
}
