#include "app/evidence_links.h"

#include <algorithm>

#include "core/alerts.h"
#include "evidence/field_text.h"

namespace tricholog::app {
namespace {

void AddKey(std::vector<std::string>& keys, std::string_view prefix, std::string_view value) {
  if (!value.empty()) keys.push_back(std::string(prefix) + std::string(value));
}

bool ShareAKey(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  return std::any_of(a.begin(), a.end(), [&](const std::string& k) {
    return std::find(b.begin(), b.end(), k) != b.end();
  });
}

}  // namespace

std::vector<std::string> CitationKeys(const Citation& citation) {
  std::vector<std::string> keys;
  AddKey(keys, "pmid:", citation.pmid);
  AddKey(keys, "doi:", evidence::NormaliseDoi(citation.doi));
  AddKey(keys, "pmcid:", citation.pmcid);
  return keys;
}

std::vector<std::string> StudyKeys(const evidence::Study& study) {
  std::vector<std::string> keys;
  AddKey(keys, "pmid:", study.pmid);
  AddKey(keys, "doi:", evidence::NormaliseDoi(study.doi));
  AddKey(keys, "pmcid:", study.pmcid);
  return keys;
}

std::vector<CitingItem> ItemsCiting(const evidence::Study& study,
                                    const std::vector<Protocol>& catalog) {
  const std::vector<std::string> keys = StudyKeys(study);
  std::vector<CitingItem> items;
  if (keys.empty()) return items;
  for (const Protocol& protocol : catalog) {
    for (const Citation& citation : protocol.evidence) {
      if (!ShareAKey(CitationKeys(citation), keys)) continue;
      items.push_back({"protocol", protocol.id, protocol.name, citation.supports});
      break;  // one row per protocol
    }
  }
  for (const AlertStudies& entry : AlertStudyCatalogue()) {
    const std::vector<std::string> refs(entry.study_refs.begin(), entry.study_refs.end());
    if (ShareAKey(refs, keys)) {
      items.push_back({"alert", std::string(entry.code), std::string(entry.title), ""});
    }
  }
  return items;
}

Result<std::vector<LinkedCitation>> LinkProtocolCitations(evidence::EvidenceLibrary& library,
                                                          const Protocol& protocol) {
  std::vector<LinkedCitation> linked;
  for (const Citation& citation : protocol.evidence) {
    LinkedCitation row{citation, std::nullopt};
    for (const std::string& key : CitationKeys(citation)) {
      if (key.rfind("pmcid:", 0) == 0) continue;  // the library finds studies by PMID and DOI
      auto found = library.FindStudy(key);
      if (!found) return tl::unexpected(found.error());
      if (*found) {
        row.study_id = **found;
        break;
      }
    }
    linked.push_back(std::move(row));
  }
  return linked;
}

Result<std::vector<std::string>> ResolveStudyRefs(evidence::EvidenceLibrary& library,
                                                  const std::vector<std::string>& refs) {
  std::vector<std::string> ids;
  for (const std::string& ref : refs) {
    if (ref.rfind("pmcid:", 0) == 0) continue;
    auto found = library.FindStudy(ref);
    if (!found) return tl::unexpected(found.error());
    if (*found && std::find(ids.begin(), ids.end(), **found) == ids.end()) ids.push_back(**found);
  }
  return ids;
}

}  // namespace tricholog::app
