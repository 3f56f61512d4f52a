// FindConfigFile: where kinlink looks for its shipped configuration (mapping files, alert rules)
// when the user does not name a file: ./<relative>, $KINLINK_CONFIG_DIR/<relative without the
// leading "config/">, $KINLINK_SOURCE_DIR/<relative>, then <relative> beside each ancestor of
// the running binary (a build tree inside the source tree finds the source's config/).
//
//   KINLINK_ASSIGN_OR_RETURN(std::string path, FindConfigFile("config/alert-rules.toml"));
//
// Errors: NotFound listing the places tried. Thread safety: reads the environment only.
#ifndef KINLINK_LEDGER_CONFIG_FILES_H_
#define KINLINK_LEDGER_CONFIG_FILES_H_

#include <string>

#include "core/status.h"

namespace kinlink::ledger {

Result<std::string> FindConfigFile(const std::string& relative);

}  // namespace kinlink::ledger

#endif  // KINLINK_LEDGER_CONFIG_FILES_H_
