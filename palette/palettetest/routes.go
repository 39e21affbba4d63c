package palettetest

import (
	"net/http"
	"strings"
)

// Operation IDs of palette-openapi-subset.json, for SetFault and Call.OperationID.
const (
	OpProjectsMetadata      = "v1ProjectsMetadata"
	OpAwsAccountStsGet      = "V1AwsAccountStsGet"
	OpAwsS3Validate         = "V1AwsS3Validate"
	OpLocationsList         = "v1UsersAssetsLocationGet"
	OpLocationS3Create      = "v1UsersAssetsLocationS3Create"
	OpLocationS3Get         = "v1UsersAssetsLocationS3Get"
	OpLocationS3Update      = "v1UsersAssetsLocationS3Update"
	OpLocationS3Delete      = "v1UsersAssetsLocationS3Delete"
	OpLocationDelete        = "v1UsersAssetsLocationDelete"
	OpLocationDefaultUpdate = "v1UsersAssetsLocationDefaultUpdate"
	// AllOperations makes a Fault apply to every operation without a fault of its own.
	AllOperations = "*"
)

// Header names; net/http matches them in any case.
const (
	headerAPIKey     = "ApiKey"
	headerProjectUID = "ProjectUid"
	headerAuditUID   = "AuditUid"
)

const (
	pathProjectsMetadata = "/v1/dashboard/projects/metadata"
	pathAwsAccountSts    = "/v1/clouds/aws/account/sts"
	pathAwsS3Validate    = "/v1/clouds/aws/s3/validate"
	pathLocations        = "/v1/users/assets/locations"
	pathLocationsS3      = pathLocations + "/s3"
	pathLocationS3       = pathLocations + "/s3/{uid}"
	pathLocationGeneric  = pathLocations + "/{uid}"
	pathLocationDefault  = pathLocations + "/{type}/{uid}/default"
)

// handlerFunc serves one operation for an authenticated caller.
type handlerFunc func(e *Emulator, w http.ResponseWriter, r *http.Request, c *caller)

// route is one operation of the subset.
type route struct {
	method, pattern, op string
	mutating            bool
	handle              handlerFunc
}

var routes = []route{
	{http.MethodGet, pathProjectsMetadata, OpProjectsMetadata, false, (*Emulator).projectsMetadata},
	{http.MethodGet, pathAwsAccountSts, OpAwsAccountStsGet, false, (*Emulator).awsAccountSts},
	{http.MethodPost, pathAwsS3Validate, OpAwsS3Validate, false, (*Emulator).awsS3Validate},
	{http.MethodGet, pathLocations, OpLocationsList, false, (*Emulator).listLocations},
	{http.MethodPost, pathLocationsS3, OpLocationS3Create, true, (*Emulator).createLocationS3},
	{http.MethodGet, pathLocationS3, OpLocationS3Get, false, (*Emulator).getLocationS3},
	{http.MethodPut, pathLocationS3, OpLocationS3Update, true, (*Emulator).updateLocationS3},
	{http.MethodDelete, pathLocationS3, OpLocationS3Delete, true, (*Emulator).deleteLocation},
	{http.MethodDelete, pathLocationGeneric, OpLocationDelete, true, (*Emulator).deleteLocation},
	{http.MethodPatch, pathLocationDefault, OpLocationDefaultUpdate, true, (*Emulator).setDefaultLocation},
	{http.MethodGet, pathClustersMeta, OpClustersMetaGet, false, (*Emulator).clustersMeta},
	{http.MethodGet, pathCloudAccountsAWS, OpCloudAccountsAWS, false, (*Emulator).cloudAccountsAWS},
	{http.MethodGet, pathCloudAccountAWS, OpCloudAccountAWSGet, false, (*Emulator).cloudAccountAWS},
}

// match finds the route for method and path and its path parameters. When no route
// matches, allowed lists the methods the path has (empty for an unknown path).
func match(method, path string) (rt *route, params map[string]string, allowed []string) {
	for i := range routes {
		p, ok := matchPattern(routes[i].pattern, path)
		if !ok {
			continue
		}
		if routes[i].method == method {
			return &routes[i], p, nil
		}
		allowed = append(allowed, routes[i].method)
	}
	return nil, nil, allowed
}

// matchPattern matches path against a pattern whose {name} segments capture one
// non-empty segment each.
func matchPattern(pattern, path string) (map[string]string, bool) {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return nil, false
	}
	params := map[string]string{}
	for i, seg := range ps {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			if xs[i] == "" {
				return nil, false
			}
			params[seg[1:len(seg)-1]] = xs[i]
			continue
		}
		if seg != xs[i] {
			return nil, false
		}
	}
	return params, true
}
