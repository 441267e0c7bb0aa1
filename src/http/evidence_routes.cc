#include "http/evidence_routes.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "app/evidence_links.h"
#include "app/protocol_catalog.h"
#include "evidence/community.h"
#include "evidence/related.h"
#include "evidence/synonyms.h"
#include "http/community_routes.h"
#include "http/templates.h"
#include "imaging/image_decode.h"
#include "store/store.h"

namespace tricholog::http {
namespace {

using ctemplate::TemplateDictionary;
using Catalog = std::shared_ptr<const std::vector<Protocol>>;

constexpr std::string_view kNotice =
    "Tricholog informs; it does not diagnose or prescribe. A study is evidence to talk over with "
    "your physician, not advice for you.";

struct Pages {
  std::shared_ptr<const PatientContext> context;
  Catalog catalog;
};
using Shared = std::shared_ptr<const Pages>;

Response Render(const PatientContext& context, const Request& request, Page page,
                const std::function<void(TemplateDictionary&)>& fill, int status = 200) {
  page.principal = request.principal ? &*request.principal : nullptr;
  auto html = RenderPage(*context.renderer, page, [&](TemplateDictionary& d) {
    d.SetValue("NOTICE", std::string(kNotice));
    fill(d);
  });
  if (!html) throw std::runtime_error("research page: " + html.error().ToString());
  return HtmlResponse(status, std::move(*html));
}

std::string Capitalised(std::string_view text) {
  std::string out(text);
  if (!out.empty() && out[0] >= 'a' && out[0] <= 'z') out[0] = static_cast<char>(out[0] - 32);
  return out;
}

// Text pieces with the matched ones marked: SEG sections with TEXT and MARK or PLAIN.
void FillSegments(TemplateDictionary& d, const char* section,
                  const std::vector<evidence::TextSegment>& segments) {
  for (const evidence::TextSegment& segment : segments) {
    auto* seg = d.AddSectionDictionary(section);
    seg->SetValue("TEXT", segment.text);
    seg->ShowSection(segment.highlighted ? "MARK" : "PLAIN");
  }
}

// `text` without a leading or trailing "…" (a snippet's cut marks) and spaces.
std::string TrimEllipses(std::string text) {
  static const std::string kEllipsis = "\u2026";
  auto trim_spaces = [](std::string& t) {
    while (!t.empty() && t.back() == ' ') t.pop_back();
    while (!t.empty() && t.front() == ' ') t.erase(t.begin());
  };
  trim_spaces(text);
  if (text.rfind(kEllipsis, 0) == 0) text.erase(0, kEllipsis.size());
  if (text.size() >= kEllipsis.size() &&
      text.compare(text.size() - kEllipsis.size(), kEllipsis.size(), kEllipsis) == 0) {
    text.erase(text.size() - kEllipsis.size());
  }
  trim_spaces(text);
  return text;
}

// ---- search -----------------------------------------------------------------------------------

struct SearchForm {
  std::string q, year_from, year_to, condition, treatment, type;
  int page = 1;
};

std::optional<int> ParseWhole(const std::string& text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::string SearchLink(const SearchForm& f, int page) {
  std::string out = "/research?q=" + PercentEncode(f.q);
  auto add = [&out](std::string_view name, const std::string& value) {
    if (!value.empty()) out += "&" + std::string(name) + "=" + PercentEncode(value);
  };
  add("year_from", f.year_from);
  add("year_to", f.year_to);
  add("condition", f.condition);
  add("treatment", f.treatment);
  add("type", f.type);
  if (page > 1) out += "&page=" + std::to_string(page);
  return out;
}

void FillSelect(TemplateDictionary& d, const char* section, std::string_view kind,
                const std::string& chosen) {
  for (const evidence::Concept& c : evidence::Concepts()) {
    if (c.kind != kind) continue;
    auto* option = d.AddSectionDictionary(section);
    option->SetValue("VALUE", std::string(c.id));
    option->SetValue("LABEL", Capitalised(c.label));
    if (chosen == c.id) option->ShowSection("SELECTED");
  }
}

Response GetSearch(const Shared& pages, Request& request) {
  const PatientContext& context = *pages->context;
  SearchForm form;
  auto get = [&](std::string_view name) { return request.query.GetOne(name).value_or(""); };
  form.q = get("q");
  form.year_from = get("year_from");
  form.year_to = get("year_to");
  form.condition = get("condition");
  form.treatment = get("treatment");
  form.type = get("type");
  std::string error_field, error_message;
  auto fail = [&](std::string field, std::string message) {
    if (error_field.empty()) {
      error_field = std::move(field);
      error_message = std::move(message);
    }
  };
  evidence::SearchQuery query;
  query.text = form.q;
  query.limit = kSearchHitsPerPage;
  if (!form.year_from.empty()) {
    query.year_from = ParseWhole(form.year_from);
    if (!query.year_from || *query.year_from < 1800 || *query.year_from > 2200) {
      fail("year_from", "Give a year such as 2019, or leave it empty.");
    }
  }
  if (!form.year_to.empty()) {
    query.year_to = ParseWhole(form.year_to);
    if (!query.year_to || *query.year_to < 1800 || *query.year_to > 2200) {
      fail("year_to", "Give a year such as 2024, or leave it empty.");
    }
  }
  if (query.year_from && query.year_to && error_field.empty() &&
      *query.year_from > *query.year_to) {
    fail("year_to", "The last year comes before the first one.");
  }
  auto concept_of = [](const std::string& id, std::string_view kind) {
    const evidence::Concept* c = evidence::ConceptById(id);
    return c != nullptr && c->kind == kind;
  };
  if (!form.condition.empty() && !concept_of(form.condition, "condition")) {
    fail("condition", "Choose a condition from the list.");
  }
  if (!form.treatment.empty() && !concept_of(form.treatment, "treatment")) {
    fail("treatment", "Choose a treatment from the list.");
  }
  if (!form.type.empty() && !evidence::IsStudyType(form.type)) {
    fail("type", "Choose a study type from the list.");
  }
  if (auto page = get("page"); !page.empty()) {
    auto value = ParseWhole(page);
    if (!value || *value < 1 || (*value - 1) * kSearchHitsPerPage > 10000) {
      fail("page", "That page number does not exist.");
    } else {
      form.page = *value;
    }
  }
  query.condition = form.condition;
  query.treatment = form.treatment;
  query.study_type = form.type;
  query.offset = (form.page - 1) * kSearchHitsPerPage;
  const bool asked = !form.q.empty() || !form.condition.empty() || !form.treatment.empty() ||
                     !form.type.empty() || !form.year_from.empty() || !form.year_to.empty();

  std::optional<evidence::SearchPage> results;
  if (asked && error_field.empty()) {
    auto searched = context.store->With([&](store::Store& s) {
      evidence::EvidenceLibrary library(s);
      return library.Search(query);
    });
    if (searched) {
      results = std::move(*searched);
    } else if (searched.error().code == ErrorCode::kInvalidArgument) {
      const std::string& field = searched.error().field;
      fail(field == "type" || field.rfind("year", 0) == 0 || field == "condition" ||
                   field == "treatment"
               ? field
               : "q",
           field == "q" ? "Type at least one word to search for, or choose a filter."
                        : searched.error().message);
    } else {
      return ErrorResponse(request, searched.error(), context.log);
    }
  }
  const int status = error_field.empty() ? 200 : 400;
  return Render(
      context, request,
      Page{form.q.empty() ? "Research" : "Research: " + form.q, "research_search.tpl"},
      [&](TemplateDictionary& d) {
        d.SetValue("Q", form.q);
        d.SetValue("YEAR_FROM", form.year_from);
        d.SetValue("YEAR_TO", form.year_to);
        if (!form.condition.empty() || !form.treatment.empty() || !form.type.empty() ||
            !form.year_from.empty() || !form.year_to.empty()) {
          d.ShowSection("FILTERS_OPEN");
        }
        FillSelect(d, "CONDITION_OPTION", "condition", form.condition);
        FillSelect(d, "TREATMENT_OPTION", "treatment", form.treatment);
        for (std::string_view type : evidence::kStudyTypes) {
          auto* option = d.AddSectionDictionary("TYPE_OPTION");
          option->SetValue("VALUE", std::string(type));
          option->SetValue("LABEL", StudyTypeLabel(type));
          if (form.type == type) option->ShowSection("SELECTED");
        }
        if (!error_field.empty()) {
          std::string key = error_field;
          for (char& c : key) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          if (key == "Q" || key == "YEAR_FROM" || key == "YEAR_TO" || key == "CONDITION" ||
              key == "TREATMENT" || key == "TYPE") {
            d.SetValueAndShowSection("MESSAGE", error_message, key + "_ERROR");
          }
          d.SetValueAndShowSection("MESSAGE", error_message, "SEARCH_ERROR");
          return;
        }
        if (!asked) {
          d.ShowSection("NOT_ASKED");
          return;
        }
        auto* found = d.AddSectionDictionary("RESULTS");
        found->SetValue("TOTAL", std::to_string(results->total));
        found->SetValue("RESULT_WORD", results->total == 1 ? "result" : "results");
        if (results->hits.empty()) {
          found->ShowSection(form.page > 1 ? "PAST_END" : "NO_HITS");
        }
        for (const evidence::SearchHit& hit : results->hits) {
          auto* row = found->AddSectionDictionary("HIT");
          row->SetValue("ID", hit.id);
          if (hit.title_segments.empty()) {
            FillSegments(*row, "TITLE_SEG", {{hit.title, false}});
          } else {
            FillSegments(*row, "TITLE_SEG", hit.title_segments);
          }
          row->SetValue("DATE_IN_JOURNAL",
                        evidence::DateInJournal(hit.year, hit.month, hit.journal));
          row->SetValue("AUTHORS", hit.authors);
          // A snippet cut from the TLDR would repeat it: the TLDR then shows the highlights
          // when the snippet is the whole TLDR, and stands alone otherwise.
          std::string snippet_text;
          for (const evidence::TextSegment& seg : hit.snippet) snippet_text += seg.text;
          const bool whole_tldr = !hit.tldr.empty() && snippet_text == hit.tldr;
          const std::string inner = TrimEllipses(snippet_text);
          const bool from_tldr =
              !hit.tldr.empty() && !inner.empty() && hit.tldr.find(inner) != std::string::npos;
          if (whole_tldr) {
            FillSegments(*row->AddSectionDictionary("TLDR_MARKED"), "SEG", hit.snippet);
          } else if (!hit.tldr.empty()) {
            row->SetValueAndShowSection("TLDR", hit.tldr, "HAS_TLDR");
          }
          if (!hit.snippet.empty() && !from_tldr) {
            auto* snippet = row->AddSectionDictionary("SNIPPET");
            FillSegments(*snippet, "SEG", hit.snippet);
          }
          if (!hit.study_type.empty()) {
            row->SetValueAndShowSection("TYPE", StudyTypeLabel(hit.study_type), "HAS_TYPE");
          }
        }
        const int pages_total = (results->total + kSearchHitsPerPage - 1) / kSearchHitsPerPage;
        if (form.page > 1) {
          found->SetValueAndShowSection("PREV_HREF", SearchLink(form, form.page - 1), "PREV");
        }
        if (form.page < pages_total) {
          found->SetValueAndShowSection("NEXT_HREF", SearchLink(form, form.page + 1), "NEXT");
        }
        if (pages_total > 1) {
          found->SetValueAndShowSection(
              "PAGE_OF", fmt::format("Page {} of {}", form.page, pages_total), "PAGER");
        }
      },
      status);
}

// ---- the study page ---------------------------------------------------------------------------

bool LooksLikeKey(std::string_view id) {
  if (id.empty() || id.size() > 300) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return static_cast<unsigned char>(c) > 32 && static_cast<unsigned char>(c) < 127;
  });
}

struct StudyPage {
  evidence::StoredStudy study;
  evidence::ReferenceList references;
  std::vector<evidence::StudyListItem> cited_by;
  std::vector<evidence::RelatedStudy> related;
  std::vector<evidence::StudyListItem> related_items;  // for their month
  // Members only (nullopt signed out).
  std::optional<std::vector<evidence::RelatedPost>> posts;
  long long post_count = 0;
  std::string now;
};

Response GetStudy(const Shared& pages, Request& request) {
  const PatientContext& context = *pages->context;
  const std::string id(request.PathParam("study_id"));
  const Error not_found{ErrorCode::kNotFound, "no study with this id in the library", "study_id"};
  if (!LooksLikeKey(id)) return ErrorResponse(request, not_found);
  std::optional<std::string> redirect;
  auto loaded = context.store->With([&](store::Store& s) -> Result<std::optional<StudyPage>> {
    evidence::EvidenceLibrary library(s);
    auto study = library.GetStudy(id);
    if (!study) {
      if (study.error().code != ErrorCode::kNotFound) return tl::unexpected(study.error());
      // A PMID, DOI or starter key names the study: send the reader to its page.
      auto found = library.FindStudy(id);
      if (!found) return tl::unexpected(found.error());
      if (*found && **found != id) redirect = **found;
      return std::nullopt;
    }
    StudyPage page;
    page.study = std::move(*study);
    auto references = library.References(id);
    if (!references) return tl::unexpected(references.error());
    page.references = std::move(*references);
    auto cited_by = library.CitedBy(id);
    if (!cited_by) return tl::unexpected(cited_by.error());
    page.cited_by = std::move(*cited_by);
    evidence::RelatedOptions options;
    options.limit = 100;
    auto related = evidence::RelatedStudies(s, id, options);
    if (!related) return tl::unexpected(related.error());
    page.related = std::move(*related);
    std::vector<std::string> ids;
    for (std::size_t i = 0; i < page.related.size() && i < std::size_t{kRelatedShown}; ++i) {
      ids.push_back(page.related[i].id);
    }
    auto items = library.ListItems(ids);
    if (!items) return tl::unexpected(items.error());
    page.related_items = std::move(*items);
    if (request.principal) {
      evidence::Community community(s);
      const store::Actor actor = request.principal->actor();
      auto posts = community.RelatedPosts(actor, id, kRelatedShown);
      if (!posts) return tl::unexpected(posts.error());
      auto count = community.RelatedPostCount(actor, id);
      if (!count) return tl::unexpected(count.error());
      page.posts = std::move(*posts);
      page.post_count = *count;
    }
    page.now = s.clock().NowUtc();
    return page;
  });
  if (!loaded) return ErrorResponse(request, loaded.error(), context.log);
  if (redirect) return RedirectResponse("/research/" + PercentEncode(*redirect));
  if (!*loaded) return ErrorResponse(request, not_found);
  const StudyPage& p = **loaded;
  const evidence::Study& facts = p.study.study;
  const std::vector<app::CitingItem> citing = app::ItemsCiting(facts, *pages->catalog);
  return Render(context, request, Page{facts.title, "study.tpl"}, [&](TemplateDictionary& d) {
    d.SetValue("ID", p.study.id);
    d.SetValue("TITLE", facts.title);
    d.SetValue("DATE_IN_JOURNAL", evidence::DateInJournal(facts.year, facts.month, facts.journal));
    d.SetValue("AUTHORS_SHORT", evidence::AuthorsShort(facts.authors));
    if (facts.authors.size() > 3) {
      auto* all = d.AddSectionDictionary("ALL_AUTHORS");
      all->SetIntValue("COUNT", static_cast<int>(facts.authors.size()));
      for (const evidence::Author& a : facts.authors) {
        all->AddSectionDictionary("AUTHOR")->SetValue(
            "NAME", a.given.empty() ? a.family : a.given + " " + a.family);
      }
    }
    if (!facts.pmid.empty()) {
      d.SetValueAndShowSection("PMID", facts.pmid, "HAS_PMID");
    }
    if (!facts.doi.empty()) d.SetValueAndShowSection("DOI", facts.doi, "HAS_DOI");
    if (!facts.pmcid.empty()) d.SetValueAndShowSection("PMCID", facts.pmcid, "HAS_PMCID");
    if (!p.study.image_sha256.empty()) {
      auto* image = d.AddSectionDictionary("IMAGE");
      image->SetValue("SRC", "/research/" + p.study.id + "/image");
      image->SetValue("ALT", "Figure from the study: " + facts.title);
    }
    if (p.study.tldr.empty()) {
      d.ShowSection("NO_TLDR");
    } else {
      d.SetValueAndShowSection("TLDR", p.study.tldr, "HAS_TLDR");
    }
    if (!p.study.summary.empty())
      d.SetValueAndShowSection("SUMMARY", p.study.summary, "HAS_SUMMARY");
    if (!facts.abstract.empty())
      d.SetValueAndShowSection("ABSTRACT", facts.abstract, "HAS_ABSTRACT");
    if (!p.study.study_type.empty()) {
      d.SetValueAndShowSection("TYPE", StudyTypeLabel(p.study.study_type), "HAS_TYPE");
    }
    auto tags = [&](const std::vector<std::string>& ids, std::string_view param) {
      for (const std::string& concept_id : ids) {
        const evidence::Concept* c = evidence::ConceptById(concept_id);
        auto* tag = d.AddSectionDictionary("TAG");
        tag->SetValue("LABEL", c != nullptr ? Capitalised(c->label) : concept_id);
        tag->SetValue("HREF",
                      "/research?q=&" + std::string(param) + "=" + PercentEncode(concept_id));
        d.ShowSection("HAS_TAGS");
      }
    };
    tags(p.study.conditions, "condition");
    tags(p.study.treatments, "treatment");

    // Research cited: every reference; the ones in the library link to their pages.
    d.SetIntValue("REF_RESOLVED", p.references.resolved);
    d.SetIntValue("REF_TOTAL", p.references.total);
    if (p.references.entries.empty()) {
      d.ShowSection("NO_REFERENCES");
    } else {
      d.ShowSection("HAS_REFERENCES");
    }
    for (const evidence::ReferenceEntry& ref : p.references.entries) {
      auto* row = d.AddSectionDictionary("REFERENCE");
      if (ref.study) {
        auto* in = row->AddSectionDictionary("IN_LIBRARY");
        in->SetValue("ID", ref.study->id);
        in->SetValue("TITLE", ref.study->title);
        in->SetValue("DATE_IN_JOURNAL", evidence::DateInJournal(ref.study->year, ref.study->month,
                                                                ref.study->journal));
        if (!ref.study->tldr.empty())
          in->SetValueAndShowSection("REF_TLDR", ref.study->tldr, "REF_HAS_TLDR");
      } else {
        auto* out = row->AddSectionDictionary("NOT_IN_LIBRARY");
        std::string text = ref.cited_title;
        if (text.empty() && !ref.cited_pmid.empty()) text = "PMID " + ref.cited_pmid;
        if (text.empty() && !ref.cited_doi.empty()) text = "DOI " + ref.cited_doi;
        if (text.empty()) text = "A work without a title or identifier in the record";
        out->SetValue("TEXT", text);
        if (!ref.cited_pmid.empty())
          out->SetValueAndShowSection("REF_PMID", ref.cited_pmid, "REF_HAS_PMID");
        if (!ref.cited_doi.empty())
          out->SetValueAndShowSection("REF_DOI", ref.cited_doi, "REF_HAS_DOI");
      }
    }
    if (!p.cited_by.empty()) {
      auto* section = d.AddSectionDictionary("CITED_BY");
      section->SetIntValue("COUNT", static_cast<int>(p.cited_by.size()));
      for (const evidence::StudyListItem& item : p.cited_by) {
        auto* row = section->AddSectionDictionary("ITEM");
        row->SetValue("ID", item.id);
        row->SetValue("TITLE", item.title);
        row->SetValue("DATE_IN_JOURNAL",
                      evidence::DateInJournal(item.year, item.month, item.journal));
      }
    }

    // Related community posts: members only.
    if (!p.posts) {
      d.SetValueAndShowSection("NEXT", "/research/" + p.study.id, "SIGNED_OUT");
    } else {
      auto* posts = d.AddSectionDictionary("MEMBERS");
      posts->SetIntValue("SHOWN", static_cast<int>(p.posts->size()));
      posts->SetValue("TOTAL", std::to_string(p.post_count));
      if (p.posts->empty()) posts->ShowSection("NO_POSTS");
      for (const evidence::RelatedPost& related : *p.posts) {
        auto* row = posts->AddSectionDictionary("POST");
        FillPostRow(*row, related.post, p.now);
        // A linked post's badge says why it is there; other posts give their reason.
        if (related.linked) {
          row->ShowSection("LINKED");
        } else {
          row->SetValue("REASON", related.reason);
        }
      }
    }

    // Related research.
    const int shown = static_cast<int>(std::min<std::size_t>(p.related.size(), kRelatedShown));
    d.SetIntValue("RELATED_SHOWN", shown);
    d.SetIntValue("RELATED_TOTAL", static_cast<int>(p.related.size()));
    if (p.related.empty()) d.ShowSection("NO_RELATED");
    for (int i = 0; i < shown; ++i) {
      const evidence::RelatedStudy& r = p.related[i];
      std::optional<int> month;
      for (const evidence::StudyListItem& item : p.related_items) {
        if (item.id == r.id) month = item.month;
      }
      auto* row = d.AddSectionDictionary("RELATED");
      row->SetValue("ID", r.id);
      row->SetValue("TITLE", r.title);
      row->SetValue("DATE_IN_JOURNAL", evidence::DateInJournal(r.year, month, r.journal));
      std::string reasons;
      for (const std::string& reason : r.reasons) {
        reasons += (reasons.empty() ? "" : "; ") + reason;
      }
      if (!reasons.empty())
        row->SetValueAndShowSection("REASON", Capitalised(reasons), "HAS_REASON");
    }

    // The tracker's protocols and alerts that rest on this study.
    if (citing.empty()) d.ShowSection("NO_CITING");
    for (const app::CitingItem& item : citing) {
      auto* row = d.AddSectionDictionary("CITING");
      row->SetValue("KIND", item.kind == "protocol" ? "Protocol" : "Alert");
      row->SetValue("TITLE", item.title);
      if (!item.supports.empty()) row->SetValueAndShowSection("NOTE", item.supports, "HAS_NOTE");
    }
  });
}

Response GetStudyImage(const Shared& pages, Request& request) {
  const PatientContext& context = *pages->context;
  const std::string id(request.PathParam("study_id"));
  const Error not_found{ErrorCode::kNotFound, "this study has no image", "study_id"};
  if (!LooksLikeKey(id)) return ErrorResponse(request, not_found);
  auto study = context.store->With([&](store::Store& s) {
    evidence::EvidenceLibrary library(s);
    return library.GetStudy(id);
  });
  if (!study) return ErrorResponse(request, study.error(), context.log);
  if (study->image_sha256.empty() || context.blobs == nullptr) {
    return ErrorResponse(request, not_found);
  }
  auto bytes = context.blobs->Get(study->image_sha256);
  if (!bytes) return ErrorResponse(request, not_found);
  const std::string format = imaging::SniffImageFormat(*bytes);
  Response response;
  response.status = 200;
  response.body.assign(bytes->begin(), bytes->end());
  response.SetHeader("Content-Type", format == "png"    ? "image/png"
                                     : format == "webp" ? "image/webp"
                                                        : "image/jpeg");
  response.SetHeader("Cache-Control", "public, max-age=3600");
  return response;
}

}  // namespace

std::string StudyTypeLabel(std::string_view type) {
  if (type == "case_report") return "Case report";
  if (type == "case_series") return "Case series";
  if (type == "cohort") return "Cohort study";
  if (type == "trial") return "Trial";
  if (type == "review") return "Review";
  if (type == "meta_analysis") return "Meta-analysis";
  if (type == "guideline") return "Guideline";
  if (type == "definition") return "Definition";
  if (type == "instrument") return "Measurement instrument";
  if (type == "other") return "Other";
  return Capitalised(type);
}

Result<void> AddEvidenceRoutes(Router& router, std::shared_ptr<const PatientContext> context) {
  auto pages = std::make_shared<Pages>();
  pages->context = context;
  std::vector<Protocol> catalog;
  if (!context->protocols_dir.empty()) {
    auto loaded = app::LoadProtocolCatalog(context->protocols_dir);
    if (loaded) {
      catalog = std::move(*loaded);
    } else if (context->log) {
      context->log("research pages: the protocol catalog could not be read: " +
                   loaded.error().ToString());
    }
  }
  pages->catalog = std::make_shared<const std::vector<Protocol>>(std::move(catalog));
  Shared shared = pages;
  auto sync = [shared](Response (*handler)(const Shared&, Request&)) {
    return SyncHandler([shared, handler](Request& request) { return handler(shared, request); });
  };
  std::vector<Route> routes;
  routes.push_back(
      {Method::kGet, "/research", "research.search", Access::kPublic, 0, sync(&GetSearch)});
  routes.push_back({Method::kGet, "/research/{study_id}", "research.study", Access::kPublic, 0,
                    sync(&GetStudy)});
  routes.push_back({Method::kGet, "/research/{study_id}/image", "research.study_image",
                    Access::kPublic, 0, sync(&GetStudyImage)});
  for (Route& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return {};
}

}  // namespace tricholog::http
