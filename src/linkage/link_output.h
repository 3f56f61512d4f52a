// Writing a linkage run's results: persons (clusters) as CSV and JSON, possible matches and
// uncertain family links as review queues (CSV and JSON), family links as JSON, and the model.
//
// Files written into the output directory:
//   clusters.csv        person_id,confidence,split_by_guard,source,record_id
//   clusters.json       [{"person_id", "confidence", "records": [{"source","record_id"}]}]
//   family_links.json   asserted parent-child links with their evidence
//   review_queue.csv    kind,a,b,confidence,reason   (person pairs and family links to check)
//   review_queue.json   the same, as JSON
//   rejects.csv         file,line,action,reason
//   model.json          m, u, weights and lambda
//
// Errors: Unavailable when a file cannot be written.
// Thread safety: writes files; one call at a time per directory.
#ifndef KINLINK_LINKAGE_LINK_OUTPUT_H_
#define KINLINK_LINKAGE_LINK_OUTPUT_H_

#include <string>
#include <vector>

#include "core/status.h"
#include "linkage/family_links.h"
#include "linkage/linker.h"
#include "linkage/record_reader.h"

namespace kinlink::linkage {

Status WriteLinkOutputs(const std::string& directory, const RecordSet& set,
                        const LinkResult& result, const std::vector<FamilyLink>& family_links,
                        const std::vector<Reject>& rejects, double cluster_threshold);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_LINK_OUTPUT_H_
