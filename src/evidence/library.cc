// EvidenceLibrary: not yet implemented (the API is published first so that other parts of
// issue 20 can be written against it).
#include "evidence/library.h"

namespace tricholog::evidence {
namespace {

tl::unexpected<Error> NotYet() {
  return MakeError(ErrorCode::kUnsupported, "the evidence library is not implemented yet");
}

}  // namespace

bool IsStudyType(std::string_view type) {
  for (std::string_view t : kStudyTypes) {
    if (t == type) return true;
  }
  return false;
}

std::string TitleKey(std::string_view) { return {}; }
std::string StudyIdOf(const Study&) { return {}; }
std::string AuthorsShort(const std::vector<Author>&) { return {}; }
std::string DateInJournal(std::optional<int>, std::optional<int>, std::string_view) { return {}; }
std::string_view ImportFormatName(ImportFormat) { return {}; }
Result<ImportFormat> ParseImportFormat(std::string_view, std::string_view) { return NotYet(); }
Result<ImportFormat> DetectImportFormat(const std::filesystem::path&, std::string_view) {
  return NotYet();
}

EvidenceLibrary::EvidenceLibrary(store::Store& store) : store_(store) {}

Result<ImportReport> EvidenceLibrary::ImportFile(const store::Actor&, const std::filesystem::path&,
                                                 const ImportOptions&) {
  return NotYet();
}
Result<ImportReport> EvidenceLibrary::ImportText(const store::Actor&, std::string_view,
                                                 const std::string&, const ImportOptions&) {
  return NotYet();
}
Result<void> EvidenceLibrary::Annotate(const store::Actor&, const std::string&,
                                       const StudyAnnotation&) {
  return NotYet();
}
Result<AnnotationReport> EvidenceLibrary::ImportAnnotations(const store::Actor&,
                                                            const std::filesystem::path&,
                                                            std::string_view) {
  return NotYet();
}
Result<StoredStudy> EvidenceLibrary::GetStudy(const std::string&) { return NotYet(); }
Result<std::optional<std::string>> EvidenceLibrary::FindStudy(const std::string&) {
  return NotYet();
}
Result<std::vector<StudyListItem>> EvidenceLibrary::ListItems(const std::vector<std::string>&) {
  return NotYet();
}
Result<std::vector<std::string>> EvidenceLibrary::AllIds() { return NotYet(); }
Result<ReferenceList> EvidenceLibrary::References(const std::string&) { return NotYet(); }
Result<std::vector<StudyListItem>> EvidenceLibrary::CitedBy(const std::string&) { return NotYet(); }
Result<SearchPage> EvidenceLibrary::Search(const SearchQuery&) { return NotYet(); }

}  // namespace tricholog::evidence
