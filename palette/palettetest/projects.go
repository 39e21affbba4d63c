package palettetest

import (
	"net/http"
	"slices"
)

func (e *Emulator) projectsMetadata(w http.ResponseWriter, r *http.Request, c *caller) {
	name := r.URL.Query().Get("name")
	e.mu.Lock()
	defer e.mu.Unlock()
	out := v1ProjectsMetadata{Items: []v1ProjectMetadata{}}
	for _, p := range c.tenant.projects {
		if name == "" || p.name == name {
			out.Items = append(out.Items, v1ProjectMetadata{Metadata: v1ObjectEntity{Name: p.name, UID: p.uid}})
		}
	}
	writeJSON(w, http.StatusOK, out)
}

func (e *Emulator) awsAccountSts(w http.ResponseWriter, r *http.Request, c *caller) {
	partition := r.URL.Query().Get("partition")
	if partition == "" {
		partition = "aws" // spec default
	}
	if !slices.Contains(stsPartitions, partition) {
		writeError(w, http.StatusBadRequest, "InvalidRequest", "partition: "+partition+" is not one of aws, aws-us-gov")
		return
	}
	writeJSON(w, http.StatusOK, v1AwsAccountSts{
		AccountID: e.opts.PaletteAccountID, ExternalID: c.tenant.ExternalID, Partition: partition,
	})
}
