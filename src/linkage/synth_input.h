// SynthInput: the exports of `kinlink synth` read with built-in mappings, no mapping file needed.
//
// `kinlink synth` writes five agency files in five layouts (docs/agency-formats.md). The linker
// ships one mapping per layout as data (data/linkage/mappings/synth/<agency>.toml, embedded in the
// library at build time); every one names the same [[fields]], so the files pool into one record
// set that is deduplicated as a whole (every record has source 0; LinkRecord::agency says where it
// came from). A synth output directory is found by its answer key's header (which names the
// files) or, without one, by the layouts' usual file names.
//
//   KINLINK_ASSIGN_OR_RETURN(auto files, FindSynthExports("demo-out/records"));
//   RecordSet set;
//   std::vector<Reject> rejects;
//   KINLINK_RETURN_IF_ERROR(ReadSynthExports(files, set, rejects));
//
// Errors: NotFound when a directory holds no synth export, InvalidArgument for an unknown agency
// or a file whose header does not match its layout. Malformed rows are rejects (record_reader.h).
// Thread safety: free functions over caller-owned values.
#ifndef KINLINK_LINKAGE_SYNTH_INPUT_H_
#define KINLINK_LINKAGE_SYNTH_INPUT_H_

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "linkage/column_mapping.h"
#include "linkage/link_record.h"
#include "linkage/record_reader.h"

namespace kinlink::linkage {

struct SynthExportFile {
  std::string agency;  // "cbp", "usao", "usms", "ice", "orr"
  std::string path;
};

// The agencies with a built-in mapping, in the order their files are read.
const std::vector<std::string>& SynthAgencies();

// The built-in mapping of one agency's layout.
Result<ColumnMapping> BuiltInSynthMapping(std::string_view agency);

// The agency whose layout is exported under this file name ("…/usms_bookings.csv" -> "usms"),
// or empty when the name is not one of the synthesizer's.
std::string SynthAgencyOfFile(const std::string& path);

// The export files in a synth output directory, in SynthAgencies() order.
Result<std::vector<SynthExportFile>> FindSynthExports(const std::string& directory);

// Reads the files into `set` (whose schema becomes the built-in one) as one pool.
Status ReadSynthExports(const std::vector<SynthExportFile>& files, RecordSet& set,
                        std::vector<Reject>& rejects);

}  // namespace kinlink::linkage

#endif  // KINLINK_LINKAGE_SYNTH_INPUT_H_
