package awstest

// TrustCaller is a caller for EvalTrustForTest: a user (RoleARN empty) or a
// session of the role RoleARN, whose ARN is ARN.
type TrustCaller struct {
	Partition, Account string
	ARN                string
	RoleARN            string
}

// EvalTrustForTest validates doc as IAM does a trust policy and evaluates
// it, as AssumeRole does, for an sts:AssumeRole request by caller with the
// condition keys ctx. It is the emulator's side of the differential test
// against aws/iampolicy's evaluator; valid is false when IAM would not store
// doc at all.
func EvalTrustForTest(doc string, c TrustCaller, ctx map[string][]string) (allowed, explicitDeny, valid bool) {
	p, err := validatePolicy(doc, kindTrust)
	if err != nil {
		return false, false, false
	}
	pr := &principal{account: &account{id: c.Account, partition: c.Partition}, arn: c.ARN}
	if c.RoleARN != "" {
		pr.role = &role{arn: c.RoleARN}
	} else {
		pr.user = &user{arn: c.ARN}
	}
	cc := condContext{}
	for k, v := range ctx {
		cc.set(k, v...)
	}
	tr := evalTrust(p, pr, cc)
	return tr.allowed && !tr.explicitDeny, tr.explicitDeny, true
}
