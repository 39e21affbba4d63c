package awstest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws/arn"
)

// kmsKey is a KMS key: customer managed (KeyManager CUSTOMER) unless awsManaged.
type kmsKey struct {
	id, arn, account, region, description, policy string
	awsManaged                                    bool
	created                                       time.Time
}

// kmsOps are the AWS KMS operations the emulator serves (JSON 1.1, X-Amz-Target TrentService.*).
var kmsOps = map[string]func(e *Emulator, q *request, in map[string]any) (any, *apiError){
	"DescribeKey":  (*Emulator).kmsDescribeKey,
	"GetKeyPolicy": (*Emulator).kmsGetKeyPolicy,
}

// DefaultKeyPolicy is the key policy KMS gives a key created without one: the account's root may do
// everything, which lets IAM policies of the account grant the key's use.
// https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
func DefaultKeyPolicy(partition, accountID string) string {
	return fmt.Sprintf(`{"Version":"2012-10-17","Id":"key-default-1","Statement":[{"Sid":"Enable IAM User Permissions","Effect":"Allow",`+
		`"Principal":{"AWS":"arn:%s:iam::%s:root"},"Action":"kms:*","Resource":"*"}]}`, partition, accountID)
}

// AddKMSKey creates a customer managed symmetric key in account and region with the key policy
// (DefaultKeyPolicy when empty) and returns its ARN. alias, when set ("alias/name"), names it.
// It panics when the account is unknown or the policy is not valid JSON policy.
func (e *Emulator) AddKMSKey(accountID, region, alias, policy string) string {
	return e.addKMSKey(accountID, region, alias, policy, false)
}

// AddAWSManagedKey creates the AWS managed key of a service in account and region, e.g.
// alias "aws/s3", and returns its ARN.
func (e *Emulator) AddAWSManagedKey(accountID, region, alias string) string {
	return e.addKMSKey(accountID, region, "alias/"+strings.TrimPrefix(alias, "alias/"), "", true)
}

func (e *Emulator) addKMSKey(accountID, region, alias, policy string, awsManaged bool) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	a := e.mustAccount(accountID)
	if policy == "" {
		policy = DefaultKeyPolicy(a.partition, a.id)
	}
	if _, err := parsePolicy(policy); err != nil {
		panic(fmt.Sprintf("awstest: AddKMSKey: %v", err))
	}
	if e.kmsKeys == nil {
		e.kmsKeys, e.kmsAliases = map[string]*kmsKey{}, map[string]string{}
	}
	e.seq++
	sum := sha256.Sum256(fmt.Appendf(nil, "awstest/kms/%d", e.seq))
	h := hex.EncodeToString(sum[:16])
	id := h[0:8] + "-" + h[8:12] + "-4" + h[13:16] + "-8" + h[17:20] + "-" + h[20:32] // a version-4 UUID
	k := &kmsKey{id: id, account: a.id, region: region, policy: policy, awsManaged: awsManaged, created: e.now(),
		arn: fmt.Sprintf("arn:%s:kms:%s:%s:key/%s", a.partition, region, a.id, id)}
	if awsManaged {
		k.description = "Default key that protects my " + strings.TrimPrefix(alias, "alias/aws/") + " data when no other key is defined"
	}
	e.kmsKeys[k.arn] = k
	if alias != "" {
		e.kmsAliases[fmt.Sprintf("arn:%s:kms:%s:%s:%s", a.partition, region, a.id, alias)] = k.arn
	}
	return k.arn
}

// SetKeyPolicy replaces a key's policy (setup helper).
func (e *Emulator) SetKeyPolicy(keyARN, policy string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	k := e.kmsKeys[keyARN]
	if k == nil {
		panic(fmt.Sprintf("awstest: SetKeyPolicy: no key %s", keyARN))
	}
	if _, err := parsePolicy(policy); err != nil {
		panic(fmt.Sprintf("awstest: SetKeyPolicy: %v", err))
	}
	k.policy = policy
}

// serveKMS answers an AWS KMS (JSON 1.1) request.
func (e *Emulator) serveKMS(w http.ResponseWriter, q *request, sigErr error) {
	status := e.runKMS(w, q, sigErr)
	e.record(q, q.caller, status)
	if q.dropped {
		dropReply()
	}
}

func (e *Emulator) runKMS(w http.ResponseWriter, q *request, sigErr error) int {
	target := q.r.Header.Get("X-Amz-Target")
	q.action = strings.TrimPrefix(target, "TrentService.")
	op, known := kmsOps[q.action]
	if sigErr != nil {
		return writeKMSError(w, q, newError(http.StatusBadRequest, "IncompleteSignatureException", "%v", sigErr))
	}
	if q.r.Method != http.MethodPost || !strings.HasPrefix(target, "TrentService.") || !known {
		return writeKMSError(w, q, newError(http.StatusBadRequest, "UnknownOperationException", "The emulator serves KMS DescribeKey and GetKeyPolicy; got %q", target))
	}
	e.mu.Lock()
	q.now = e.now()
	if q.sig == nil {
		e.mu.Unlock()
		return writeKMSError(w, q, newError(http.StatusBadRequest, "MissingAuthenticationTokenException", "Request is missing Authentication Token"))
	}
	if aerr := e.authenticate(q, sha256Hex(q.body)); aerr != nil {
		e.mu.Unlock()
		switch aerr.Code {
		case "InvalidClientTokenId":
			aerr = newError(http.StatusBadRequest, "UnrecognizedClientException", "The security token included in the request is invalid.")
		case "SignatureDoesNotMatch":
			aerr = newError(http.StatusBadRequest, "InvalidSignatureException", "%s", aerr.Message)
		case "ExpiredToken":
			aerr = newError(http.StatusBadRequest, "ExpiredTokenException", "The security token included in the request is expired")
		}
		return writeKMSError(w, q, aerr)
	}
	latency, fault := e.takeFault(q.op())
	e.mu.Unlock()
	sleep(q.r.Context(), latency)
	if fault != noFault && fault != dropFault {
		aerr := faultError("kms", fault)
		if aerr.Code == "ServiceFailure" {
			aerr.Code = "KMSInternalException"
		} else if aerr.Code == "Throttling" {
			aerr.Code = "ThrottlingException"
		}
		return writeKMSError(w, q, aerr)
	}
	var in map[string]any
	if err := json.Unmarshal(q.body, &in); err != nil || in == nil {
		return writeKMSError(w, q, newError(http.StatusBadRequest, "SerializationException", "Start of structure or map found where not expected"))
	}
	e.mu.Lock()
	q.now = e.now()
	out, aerr := op(e, q, in)
	e.mu.Unlock()
	if fault == dropFault {
		q.dropped, w = true, newDiscardWriter()
	}
	if aerr != nil {
		return writeKMSError(w, q, aerr)
	}
	body, err := json.Marshal(out)
	if err != nil {
		return writeKMSError(w, q, newError(http.StatusInternalServerError, "KMSInternalException", "encode: %v", err))
	}
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("x-amzn-RequestId", q.id)
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(body)
	return http.StatusOK
}

// writeKMSError writes a JSON 1.1 error ({"__type", "message"}) and returns the status.
func writeKMSError(w http.ResponseWriter, q *request, err *apiError) int {
	body, _ := json.Marshal(map[string]string{"__type": err.Code, "message": err.Message})
	w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	w.Header().Set("x-amzn-RequestId", q.id)
	w.WriteHeader(err.Status)
	_, _ = w.Write(body)
	return err.Status
}

func kmsValidation(format string, a ...any) *apiError {
	return newError(http.StatusBadRequest, "ValidationException", format, a...)
}

// kmsKeyFor resolves a KeyId (key ID, key ARN, alias name, alias ARN) as KMS does in the region
// the request was signed for: an ID or alias name is the caller's account's; an ARN may be of
// another account when aliases is false (aliases resolve only in the caller's account).
// Caller holds e.mu.
func (e *Emulator) kmsKeyFor(q *request, keyID string, allowAlias, crossAccount bool) (*kmsKey, *apiError) {
	if keyID == "" {
		return nil, kmsValidation("1 validation error detected: Value null at 'keyId' failed to satisfy constraint: Member must not be null")
	}
	a := q.caller.account
	region := q.region()
	full := keyID
	switch {
	case strings.HasPrefix(keyID, "arn:"):
	case strings.HasPrefix(keyID, "alias/"):
		full = fmt.Sprintf("arn:%s:kms:%s:%s:%s", a.partition, region, a.id, keyID)
	default:
		full = fmt.Sprintf("arn:%s:kms:%s:%s:key/%s", a.partition, region, a.id, keyID)
	}
	parsed, err := arn.Parse(full)
	if err != nil || parsed.Service != "kms" {
		return nil, newError(http.StatusBadRequest, "NotFoundException", "Invalid keyId '%s'", keyID)
	}
	notFound := newError(http.StatusBadRequest, "NotFoundException", "Key '%s' does not exist", full)
	if parsed.Region != region {
		return nil, notFound
	}
	if strings.HasPrefix(parsed.Resource, "alias/") {
		if !allowAlias || parsed.AccountID != a.id {
			return nil, newError(http.StatusBadRequest, "NotFoundException", "Alias %s is not found.", full)
		}
		target, ok := e.kmsAliases[full]
		if !ok {
			return nil, newError(http.StatusBadRequest, "NotFoundException", "Alias %s is not found.", full)
		}
		full = target
	}
	k := e.kmsKeys[full]
	if k == nil || (!crossAccount && k.account != a.id) {
		return nil, notFound
	}
	return k, nil
}

// authorizeKMS decides a KMS action on key k: the key policy must allow it, naming the caller,
// or naming the caller's account, which then leaves it to the account's IAM policies
// (https://docs.aws.amazon.com/kms/latest/developerguide/control-access.html). Across accounts
// the caller's IAM policies must allow it as well. Caller holds e.mu.
func (e *Emulator) authorizeKMS(q *request, k *kmsKey, action string) *apiError {
	ctx := callerContext(q.caller, q)
	req := evalRequest{Action: action, Resource: k.arn, Context: ctx}
	doc, _ := parsePolicy(k.policy)
	var specific, account, deny bool
	if doc != nil && !k.awsManaged {
		for _, st := range doc.Statements {
			if st.Principal == nil || !st.matchesAction(action) || !st.matchesResource(k.arn) || !conditionsHold(st.Conditions, ctx) {
				continue
			}
			m, s := principalMatches(st.Principal, q.caller)
			switch {
			case !m:
			case st.Effect == "Deny":
				deny = true
			case s:
				specific = true
			default:
				account = true
			}
		}
	}
	if k.awsManaged {
		// An AWS managed key's policy lets every principal of its account use it through the service.
		account = q.caller.account.id == k.account
	}
	denied := func(why string) *apiError {
		return newError(http.StatusBadRequest, "AccessDeniedException", "User: %s is not authorized to perform: %s on resource: %s %s", q.caller.arn, action, k.arn, why)
	}
	if deny {
		return denied("with an explicit deny in a resource-based policy")
	}
	id, _ := e.evaluatePolicies(q.caller.user, q.caller.role, q.caller.sessionPolicy, req)
	if id == explicitDeny {
		return denied("with an explicit deny in an identity-based policy")
	}
	same := q.caller.account.id == k.account
	switch {
	case same && specific:
		return nil
	case (specific || account) && id == allowed:
		return nil
	case !specific && !account:
		return denied("because no resource-based policy allows the " + action + " action")
	}
	return denied("because no identity-based policy allows the " + action + " action")
}

func (e *Emulator) kmsDescribeKey(q *request, in map[string]any) (any, *apiError) {
	keyID, _ := in["KeyId"].(string)
	k, aerr := e.kmsKeyFor(q, keyID, true, true)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := e.authorizeKMS(q, k, "kms:DescribeKey"); aerr != nil {
		return nil, aerr
	}
	manager := "CUSTOMER"
	if k.awsManaged {
		manager = "AWS"
	}
	return map[string]any{"KeyMetadata": map[string]any{
		"AWSAccountId": k.account, "KeyId": k.id, "Arn": k.arn, "CreationDate": float64(k.created.Unix()),
		"Enabled": true, "Description": k.description, "KeyUsage": "ENCRYPT_DECRYPT", "KeyState": "Enabled",
		"Origin": "AWS_KMS", "KeyManager": manager, "CustomerMasterKeySpec": "SYMMETRIC_DEFAULT", "KeySpec": "SYMMETRIC_DEFAULT",
		"EncryptionAlgorithms": []string{"SYMMETRIC_DEFAULT"}, "MultiRegion": false,
	}}, nil
}

func (e *Emulator) kmsGetKeyPolicy(q *request, in map[string]any) (any, *apiError) {
	keyID, _ := in["KeyId"].(string)
	name, _ := in["PolicyName"].(string)
	if name == "" {
		name = "default"
	}
	if name != "default" {
		return nil, newError(http.StatusBadRequest, "NotFoundException", "Policy %s does not exist", name)
	}
	// GetKeyPolicy takes a key ID or key ARN of the caller's own account only.
	k, aerr := e.kmsKeyFor(q, keyID, false, false)
	if aerr != nil {
		return nil, aerr
	}
	if aerr := e.authorizeKMS(q, k, "kms:GetKeyPolicy"); aerr != nil {
		return nil, aerr
	}
	return map[string]any{"Policy": k.policy, "PolicyName": name}, nil
}

// s3ObjectKey is the KMS key S3 encrypts a new object of b with: the request's
// x-amz-server-side-encryption-aws-kms-key-id, else the bucket's default (nil
// for SSE-S3, or for the AWS managed aws/s3 key). Caller holds e.mu.
func (e *Emulator) s3ObjectKey(q *request, b *bucket) (*kmsKey, *apiError) {
	keyID := q.r.Header.Get("X-Amz-Server-Side-Encryption-Aws-Kms-Key-Id")
	if keyID == "" && q.r.Header.Get("X-Amz-Server-Side-Encryption") == "" && b.cfg.encryption != nil && len(b.cfg.encryption.Rules) > 0 {
		if d := b.cfg.encryption.Rules[0].Default; strings.HasPrefix(d.SSEAlgorithm, "aws:kms") {
			keyID = d.KMSMasterKeyID
		}
	}
	if keyID == "" || strings.HasSuffix(keyID, "alias/aws/s3") {
		return nil, nil
	}
	k := e.kmsKeys[keyID]
	if k == nil {
		k = e.kmsKeys[e.kmsAliases[keyID]]
	}
	if k == nil {
		return nil, newError(http.StatusBadRequest, "KMS.NotFoundException", "Invalid keyId %s", keyID)
	}
	return k, nil
}

// authorizeObjectKey checks that the caller may use k for an object, as S3 asks KMS on its
// behalf: kms:GenerateDataKey to write, kms:Decrypt to read; a refusal is S3's AccessDenied.
// Caller holds e.mu.
func (e *Emulator) authorizeObjectKey(q *request, k *kmsKey, action string) *apiError {
	if k == nil || q.caller == nil {
		return nil
	}
	if aerr := e.authorizeKMS(q, k, action); aerr != nil {
		return newError(http.StatusForbidden, "AccessDenied", "%s", aerr.Message)
	}
	return nil
}
