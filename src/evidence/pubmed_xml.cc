#include "evidence/pubmed_xml.h"

#include <fmt/format.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include <algorithm>
#include <array>
#include <memory>
#include <string>

#include "evidence/field_text.h"

namespace tricholog::evidence {
namespace {

bool Named(const xmlNode* node, std::string_view name) {
  return node != nullptr && node->type == XML_ELEMENT_NODE &&
         name == reinterpret_cast<const char*>(node->name);
}

const xmlNode* Child(const xmlNode* node, std::string_view name) {
  if (node == nullptr) return nullptr;
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (Named(c, name)) return c;
  }
  return nullptr;
}

// The first descendant along `path` of element names.
const xmlNode* Path(const xmlNode* node, std::initializer_list<std::string_view> path) {
  for (std::string_view name : path) node = Child(node, name);
  return node;
}

// All text inside `node` (inline markup such as <i> kept as its text), spaces collapsed.
std::string TextOf(const xmlNode* node) {
  if (node == nullptr) return {};
  xmlChar* content = xmlNodeGetContent(node);
  std::string raw = content != nullptr ? reinterpret_cast<const char*>(content) : "";
  xmlFree(content);
  std::string out;
  bool space = false;
  for (char c : raw) {
    if (c == ' ' || c == '\n' || c == '\t' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

std::string Attribute(const xmlNode* node, const char* name) {
  xmlChar* value = xmlGetProp(node, reinterpret_cast<const xmlChar*>(name));
  std::string out = value != nullptr ? reinterpret_cast<const char*>(value) : "";
  xmlFree(value);
  return out;
}

// PubmedData/ReferenceList/Reference: Citation text and ArticleIdList (pubmed, doi); a
// ReferenceList may hold nested ReferenceLists (the DTD allows titled sub-lists).
void ReadReferences(const xmlNode* list, Study& s, int depth = 0) {
  if (list == nullptr || depth > 4) return;
  for (const xmlNode* r = list->children; r != nullptr; r = r->next) {
    if (Named(r, "ReferenceList")) {
      ReadReferences(r, s, depth + 1);
      continue;
    }
    if (!Named(r, "Reference")) continue;
    CitedWork cited;
    cited.title = TextOf(Child(r, "Citation"));
    if (const xmlNode* ids = Child(r, "ArticleIdList")) {
      for (const xmlNode* id = ids->children; id != nullptr; id = id->next) {
        if (!Named(id, "ArticleId")) continue;
        const std::string type = Attribute(id, "IdType");
        const std::string value = TextOf(id);
        if (type == "pubmed" && AllDigits(value) && value.size() <= 12) cited.pmid = value;
        if (type == "doi") cited.doi = NormaliseDoi(value);
      }
    }
    if (!cited.pmid.empty() || !cited.doi.empty() || !cited.title.empty()) {
      s.references.push_back(std::move(cited));
    }
  }
}

// Reads one PubmedArticle; the error (empty when none) says why it is skipped.
std::string ReadArticle(const xmlNode* article_node, Study& s) {
  const xmlNode* citation = Child(article_node, "MedlineCitation");
  const xmlNode* article = Child(citation, "Article");
  s.pmid = TextOf(Child(citation, "PMID"));
  if (!AllDigits(s.pmid)) {
    return "the article's PMID is missing or not a number";
  }
  s.title = TextOf(Child(article, "ArticleTitle"));
  if (s.title.empty()) return "the article has no ArticleTitle";
  const xmlNode* journal = Child(article, "Journal");
  s.journal = TextOf(Child(journal, "Title"));
  if (s.journal.empty()) s.journal = TextOf(Child(journal, "ISOAbbreviation"));
  const xmlNode* issue = Child(journal, "JournalIssue");
  s.volume = TextOf(Child(issue, "Volume"));
  s.issue = TextOf(Child(issue, "Issue"));
  const xmlNode* date = Child(issue, "PubDate");
  std::string year = TextOf(Child(date, "Year"));
  std::string month = TextOf(Child(date, "Month"));
  if (year.empty()) {
    const std::string medline = TextOf(Child(date, "MedlineDate"));  // "2019 Jul-Aug"
    year = medline.substr(0, 4);
    if (medline.size() > 5) month = medline.substr(5);
  }
  if (year.size() == 4 && std::all_of(year.begin(), year.end(), IsDigit)) {
    const int y = std::stoi(year);
    if (y < 1800 || y > 2200) {
      return fmt::format("year {} is out of range; allowed 1800 to 2200", y);
    }
    s.year = y;
    if (const int m = MonthFromText(month); m != 0) s.month = m;
  }
  s.pages = TextOf(Path(article, {"Pagination", "MedlinePgn"}));
  if (const xmlNode* abstract = Child(article, "Abstract")) {
    for (const xmlNode* part = abstract->children; part != nullptr; part = part->next) {
      if (!Named(part, "AbstractText")) continue;
      const std::string label = Attribute(part, "Label");
      const std::string text = TextOf(part);
      if (text.empty()) continue;
      if (!s.abstract.empty()) s.abstract += ' ';
      s.abstract += label.empty() ? text : label + ": " + text;
    }
  }
  if (const xmlNode* authors = Child(article, "AuthorList")) {
    for (const xmlNode* a = authors->children; a != nullptr; a = a->next) {
      if (!Named(a, "Author")) continue;
      std::string family = TextOf(Child(a, "LastName"));
      if (family.empty()) family = TextOf(Child(a, "CollectiveName"));
      if (family.empty()) continue;
      s.authors.push_back({family, TextOf(Child(a, "ForeName"))});
    }
  }
  if (const xmlNode* mesh = Child(citation, "MeshHeadingList")) {
    for (const xmlNode* h = mesh->children; h != nullptr; h = h->next) {
      if (!Named(h, "MeshHeading")) continue;
      std::string term = TextOf(Child(h, "DescriptorName"));
      if (!term.empty()) s.mesh_terms.push_back(std::move(term));
    }
  }
  for (const xmlNode* list = Child(citation, "KeywordList"); list != nullptr; list = list->next) {
    if (!Named(list, "KeywordList")) continue;
    for (const xmlNode* k = list->children; k != nullptr; k = k->next) {
      if (!Named(k, "Keyword")) continue;
      std::string keyword = TextOf(k);
      if (!keyword.empty()) s.keywords.push_back(std::move(keyword));
    }
  }
  for (const xmlNode* e = article != nullptr ? article->children : nullptr; e != nullptr;
       e = e->next) {
    if (Named(e, "ELocationID") && Attribute(e, "EIdType") == "doi" && s.doi.empty()) {
      s.doi = NormaliseDoi(TextOf(e));
    }
  }
  if (const xmlNode* ids = Path(article_node, {"PubmedData", "ArticleIdList"})) {
    for (const xmlNode* id = ids->children; id != nullptr; id = id->next) {
      if (!Named(id, "ArticleId")) continue;
      const std::string type = Attribute(id, "IdType");
      const std::string value = TextOf(id);
      if (type == "doi" && s.doi.empty()) s.doi = NormaliseDoi(value);
      if (type == "pmc" && s.pmcid.empty() && IsPmcid(value)) s.pmcid = value;
    }
  }
  ReadReferences(Path(article_node, {"PubmedData", "ReferenceList"}), s);
  return {};
}

struct DocDeleter {
  void operator()(xmlDoc* doc) const { xmlFreeDoc(doc); }
};

}  // namespace

Result<ParsedFile> ParsePubmedXml(std::string_view text) {
  if (text.size() > kMaxPubmedXmlBytes) {
    return MakeError(
        ErrorCode::kTooLarge,
        fmt::format("the file is {} bytes; at most {} are read", text.size(), kMaxPubmedXmlBytes),
        "file");
  }
  // No network, no DTD loading, no entity substitution (XML_PARSE_NOENT unset), no huge-node
  // relaxation; errors are collected, not printed.
  xmlParserCtxtPtr context = xmlNewParserCtxt();
  if (context == nullptr) return MakeError(ErrorCode::kInternal, "cannot start the XML parser");
  xmlDoc* raw =
      xmlCtxtReadMemory(context, text.data(), static_cast<int>(text.size()), nullptr, nullptr,
                        XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  std::unique_ptr<xmlDoc, DocDeleter> doc(raw);
  if (!doc) {
    const xmlError* error = xmlCtxtGetLastError(context);
    std::string why = error != nullptr && error->message != nullptr ? error->message : "";
    std::replace(why.begin(), why.end(), '\n', ' ');
    while (!why.empty() && why.back() == ' ') why.pop_back();
    const std::string message = error != nullptr
                                    ? fmt::format("line {}, column {}: not well-formed XML: {}",
                                                  error->line, error->int2, why)
                                    : std::string("not well-formed XML");
    xmlFreeParserCtxt(context);
    return MakeError(ErrorCode::kParseError, message, "file");
  }
  xmlFreeParserCtxt(context);
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  if (!Named(root, "PubmedArticleSet")) {
    return MakeError(ErrorCode::kParseError,
                     fmt::format("line {}: the root element is not PubmedArticleSet",
                                 root != nullptr ? xmlGetLineNo(root) : 1),
                     "file");
  }
  ParsedFile out;
  for (const xmlNode* node = root->children; node != nullptr; node = node->next) {
    if (!Named(node, "PubmedArticle")) continue;
    Study study;
    const std::string error = ReadArticle(node, study);
    if (error.empty()) {
      out.studies.push_back(std::move(study));
    } else {
      out.skipped.push_back({static_cast<int>(xmlGetLineNo(node)), error});
    }
  }
  return out;
}

}  // namespace tricholog::evidence
