package awstest_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	sdkaws "github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/bslwiz/bslwiz/aws/awstest"
)

func TestSignatureErrors(t *testing.T) {
	w := newWorld(t)
	ctx := context.Background()
	session, err := w.assume(ctx, w.adminA, w.createRole(t, "r", paletteTrust(`{"Effect":"Allow","Principal":{"AWS":"444455556666"},"Action":"sts:AssumeRole"}`)), "")
	if err != nil {
		t.Fatalf("AssumeRole: %v", err)
	}
	unknown := awstest.Credentials{AccessKeyID: "AKIAUNKNOWNUNKNOWN00", SecretAccessKey: "x"}
	badSecret := w.adminB
	badSecret.SecretAccessKey = "not-the-secret"
	badToken := session
	badToken.SessionToken = "forged"
	noToken := session
	noToken.SessionToken = ""
	userWithToken := w.adminB
	userWithToken.SessionToken = "unexpected"

	callSTS := func(c awstest.Credentials) error {
		_, err := w.sts(c).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
		return err
	}
	callIAM := func(c awstest.Credentials) error {
		_, err := w.iam(c).ListRoles(ctx, &iam.ListRolesInput{})
		return err
	}
	callS3 := func(c awstest.Credentials) error {
		_, err := w.s3(c, bucketRegion).ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: sdkaws.String(bucketName)})
		return err
	}
	callHead := func(c awstest.Credentials) error {
		_, err := w.s3(c, bucketRegion).HeadBucket(ctx, &s3.HeadBucketInput{Bucket: sdkaws.String(bucketName)})
		return err
	}
	tests := []struct {
		name   string
		err    error
		code   string
		status int
	}{
		{"STS unknown key", callSTS(unknown), "InvalidClientTokenId", 403},
		{"IAM unknown key", callIAM(unknown), "InvalidClientTokenId", 403},
		{"S3 unknown key", callS3(unknown), "InvalidAccessKeyId", 403},
		{"S3 HEAD unknown key (no body)", callHead(unknown), "Forbidden", 403},
		{"STS bad signature", callSTS(badSecret), "SignatureDoesNotMatch", 403},
		{"IAM bad signature", callIAM(badSecret), "SignatureDoesNotMatch", 403},
		{"S3 bad signature", callS3(badSecret), "SignatureDoesNotMatch", 403},
		{"STS forged session token", callSTS(badToken), "InvalidClientTokenId", 403},
		{"STS session key without its token", callSTS(noToken), "InvalidClientTokenId", 403},
		{"STS long-term key with a token", callSTS(userWithToken), "InvalidClientTokenId", 403},
		{"S3 forged session token", callS3(badToken), "InvalidToken", 400},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if apiCode(tc.err) != tc.code || httpStatus(tc.err) != tc.status {
				t.Errorf("got %s %d (%v), want %s %d", apiCode(tc.err), httpStatus(tc.err), tc.err, tc.code, tc.status)
			}
		})
	}
	for _, c := range w.emu.Calls() {
		if c.Status == 403 && c.Action == "GetCallerIdentity" && c.Caller != "" {
			t.Errorf("a refused call is attributed to %s", c.Caller)
		}
	}
}

// signedRequest builds a request signed with the SDK's SigV4 signer.
func signedRequest(t *testing.T, creds awstest.Credentials, method, rawURL, service, region, body string, header http.Header) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, rawURL, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	sum := sha256.Sum256([]byte(body))
	hash := hex.EncodeToString(sum[:])
	if service == "s3" {
		req.Header.Set("X-Amz-Content-Sha256", hash)
	}
	// S3 signs the path as sent; every other service URI-encodes it a second time.
	signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = service == "s3" })
	err = signer.SignHTTP(context.Background(), sdkaws.Credentials{AccessKeyID: creds.AccessKeyID, SecretAccessKey: creds.SecretAccessKey, SessionToken: creds.SessionToken},
		req, hash, service, region, time.Now())
	if err != nil {
		t.Fatalf("sign: %v", err)
	}
	return req
}

func TestRawRequests(t *testing.T) {
	w := newWorld(t)
	do := func(req *http.Request) (int, string) {
		t.Helper()
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL, err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(b)
	}
	form := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}}.Encode()
	ct := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}

	t.Run("unsigned awsQuery request", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, w.srv.URL, strings.NewReader(form))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		status, body := do(req)
		if status != 403 || !strings.Contains(body, "<Code>MissingAuthenticationToken</Code>") || !strings.Contains(body, "<Type>Sender</Type>") {
			t.Errorf("unsigned = %d %s", status, body)
		}
	})
	t.Run("body tampered after signing", func(t *testing.T) {
		req := signedRequest(t, w.adminB, http.MethodPost, w.srv.URL+"/", "sts", "us-east-1", form, ct)
		tampered := url.Values{"Action": {"GetCallerIdentity"}, "Version": {"2011-06-15"}, "X": {"1"}}.Encode()
		req.Body = io.NopCloser(strings.NewReader(tampered))
		req.ContentLength = int64(len(tampered))
		status, body := do(req)
		if status != 403 || !strings.Contains(body, "<Code>SignatureDoesNotMatch</Code>") {
			t.Errorf("tampered = %d %s", status, body)
		}
	})
	t.Run("awsQuery success envelope", func(t *testing.T) {
		status, body := do(signedRequest(t, w.adminB, http.MethodPost, w.srv.URL+"/", "sts", "eu-central-1", form, ct))
		want := `<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult><Account>111122223333</Account>`
		if status != 200 || !strings.HasPrefix(body, want) || !strings.Contains(body, "<ResponseMetadata><RequestId>") {
			t.Errorf("GetCallerIdentity = %d %s", status, body)
		}
	})
	t.Run("unknown action", func(t *testing.T) {
		f := url.Values{"Action": {"CreateUser"}, "Version": {"2010-05-08"}, "UserName": {"u"}}.Encode()
		status, body := do(signedRequest(t, w.adminB, http.MethodPost, w.srv.URL+"/", "iam", "us-east-1", f, ct))
		if status != 400 || !strings.Contains(body, "<Code>InvalidAction</Code>") {
			t.Errorf("CreateUser = %d %s", status, body)
		}
	})
	t.Run("S3 key and query needing encoding", func(t *testing.T) {
		key := "dir/a b+c%d~é"
		u := w.srv.URL + "/" + bucketName + "/" + (&url.URL{Path: key}).EscapedPath()
		status, body := do(signedRequest(t, w.adminB, http.MethodPut, u, "s3", bucketRegion, "payload", nil))
		if status != 200 {
			t.Fatalf("PutObject %q = %d %s", key, status, body)
		}
		list := w.srv.URL + "/" + bucketName + "?list-type=2&prefix=" + url.QueryEscape("dir/a b") + "&encoding-type=url"
		status, body = do(signedRequest(t, w.adminB, http.MethodGet, list, "s3", bucketRegion, "", nil))
		if status != 200 || !strings.Contains(body, "<Key>dir/a%20b%2Bc%25d~%C3%A9</Key>") || !strings.Contains(body, "<EncodingType>url</EncodingType>") {
			t.Errorf("ListObjectsV2 = %d %s", status, body)
		}
	})
	t.Run("S3 UNSIGNED-PAYLOAD", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPut, w.srv.URL+"/"+bucketName+"/unsigned", strings.NewReader("body"))
		req.Header.Set("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD")
		signer := v4.NewSigner(func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
		if err := signer.SignHTTP(context.Background(), sdkaws.Credentials{AccessKeyID: w.adminB.AccessKeyID, SecretAccessKey: w.adminB.SecretAccessKey},
			req, "UNSIGNED-PAYLOAD", "s3", bucketRegion, time.Now()); err != nil {
			t.Fatal(err)
		}
		if status, body := do(req); status != 200 {
			t.Errorf("PutObject with an unsigned payload = %d %s", status, body)
		}
	})
	t.Run("S3 payload hash mismatch", func(t *testing.T) {
		req := signedRequest(t, w.adminB, http.MethodPut, w.srv.URL+"/"+bucketName+"/k", "s3", bucketRegion, "abc", nil)
		req.Header.Set("X-Amz-Content-Sha256", strings.Repeat("0", 64))
		status, body := do(req)
		if status != 403 || !strings.Contains(body, "SignatureDoesNotMatch") {
			t.Errorf("hash header changed after signing = %d %s", status, body)
		}
	})
	t.Run("S3 body differs from the signed hash", func(t *testing.T) {
		req := signedRequest(t, w.adminB, http.MethodPut, w.srv.URL+"/"+bucketName+"/k", "s3", bucketRegion, "abc", nil)
		req.Body = io.NopCloser(strings.NewReader("abd"))
		status, body := do(req)
		if status != 400 || !strings.Contains(body, "<Code>XAmzContentSHA256Mismatch</Code>") {
			t.Errorf("body swapped after signing = %d %s", status, body)
		}
	})
	t.Run("S3 error document", func(t *testing.T) {
		status, body := do(signedRequest(t, w.adminB, http.MethodGet, w.srv.URL+"/"+bucketName+"/nope", "s3", bucketRegion, "", nil))
		if status != 404 || !strings.Contains(body, "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>nope</Key>") {
			t.Errorf("GetObject missing = %d %s", status, body)
		}
	})
	t.Run("S3 unsupported subresource", func(t *testing.T) {
		status, body := do(signedRequest(t, w.adminB, http.MethodGet, w.srv.URL+"/"+bucketName+"?acl", "s3", bucketRegion, "", nil))
		if status != 501 || !strings.Contains(body, "NotImplemented") {
			t.Errorf("GetBucketAcl = %d %s", status, body)
		}
	})
}

func TestCredentialsNeverPrintSecrets(t *testing.T) {
	c := awstest.Credentials{AccessKeyID: "AKIAEXAMPLE", SecretAccessKey: "s3cr3t", SessionToken: "t0k3n"}
	for _, s := range []string{c.String(), c.GoString()} {
		if strings.Contains(s, "s3cr3t") || strings.Contains(s, "t0k3n") || !strings.Contains(s, "AKIAEXAMPLE") {
			t.Errorf("Credentials printed as %q", s)
		}
	}
}
