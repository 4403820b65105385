package wixsim

import (
	"fmt"
	"net/http"
)

// Wix Forms submissions: Query Submissions By Namespace takes
// {query: {filter, sort, cursorPaging}} whose filter must name the form
// namespace (wix.form_app.form for the Wix Forms app), and answers
// {submissions, metadata} with cursor paging; "seen" (filterable) says
// whether the site owner has marked a submission read
// (https://dev.wix.com/docs/sdk/api-reference/forms/submissions/query-submissions-by-namespace,
// https://dev.wix.com/docs/api-reference/crm/forms/skills/read-forms-and-submissions).

// FormsNamespace is the namespace of forms made with the Wix Forms app.
const FormsNamespace = "wix.form_app.form"

var submissionsSpec = &querySpec{
	name: "submissions", root: "query",
	filter: filterRules{
		"id": {}, "formId": {}, "namespace": {}, "status": {}, "seen": {}, "createdDate": {}, "updatedDate": {}, "contactId": {},
	},
	sortKey:     "sort",
	defaultSort: []sortItem{{FieldName: "createdDate", Order: "DESC"}},
	idField:     "id",
	cursor:      true, defaultLimit: 50, maxLimit: 100,
}

func handleQuerySubmissions(c *call) (any, *apiError) {
	_, q, err := c.queryInput("query")
	if err != nil {
		return nil, err
	}
	filter, _ := objectField(q, "filter")
	if _, ok := filter["namespace"]; !ok {
		return nil, appErr(http.StatusBadRequest, "MISSING_NAMESPACE", "query.filter must name the namespace, e.g. {\"namespace\": \""+FormsNamespace+"\"}")
	}
	res, err := submissionsSpec.run(q, c.site.id, c.site.submissions.items, nil)
	if err != nil {
		return nil, err
	}
	return Object{"submissions": orEmpty(res.items), "metadata": res.cursorMeta()}, nil
}

// submissionSeed is one form submission: who sent it (a contact's index),
// on which form, and whether the owner has seen it.
type submissionSeed struct {
	contact int
	form    string
	message string
	seen    bool
}

// submissionsFor builds a site's form submissions from its contacts.
func submissionsFor(siteID string, contacts []Object, seeds []submissionSeed) []Object {
	out := make([]Object, 0, len(seeds))
	for i, s := range seeds {
		ct := contacts[s.contact%len(contacts)]
		info, _ := ct["info"].(Object)
		name, _ := info["name"].(Object)
		email, _ := ct["primaryInfo"].(Object)["email"].(string)
		created := wixTime(dayAfter(seedEpoch, 3*i+2))
		out = append(out, Object{
			"id":          guid(fmt.Sprintf("%s/submission/%d", siteID, i)),
			"formId":      guid(siteID + "/form/" + s.form),
			"namespace":   FormsNamespace,
			"status":      "CONFIRMED",
			"seen":        s.seen,
			"contactId":   ct["id"],
			"createdDate": created,
			"updatedDate": created,
			"revision":    "1",
			"submitter":   Object{"contactId": ct["id"]},
			"submissions": Object{"first_name": name["first"], "email": email, "message": s.message},
		})
	}
	return out
}
