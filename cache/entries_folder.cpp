#include "cache/entries_folder.h"

namespace faaslet::cache {

Result<UniqueFd> openEntriesFolder(const Layout& layout, Missing missing) {
    auto root = openTrustedDirectory(layout.root(), missing);
    if (!root) return root.error();
    return openTrustedChild(root->get(), layout.entriesName(), layout.entries(), TrustRule::Private, missing);
}

}  // namespace faaslet::cache
