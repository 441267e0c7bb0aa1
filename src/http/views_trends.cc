// The trends page and its JSON: SALT, density by zone, EASI and itch over time, from the stored
// sessions through core's response assessment into the chart builders (src/chart/). No image
// work: this page is read often and must stay fast.
#include <fmt/format.h>

#include <chrono>
#include <functional>
#include <mutex>
#include <set>
#include <unordered_map>
#include <utility>

#include "app/patient_overview.h"
#include "app/patient_trends.h"
#include "app/protocol_catalog.h"
#include "chart/chart_builders.h"
#include "chart/chart_svg.h"
#include "chart/chart_text.h"
#include "core/easi_score.h"
#include "core/response_assessment.h"
#include "core/treatment.h"
#include "http/views_routes.h"
#include "http/views_util.h"
#include "store/store.h"

namespace tricholog::http {
namespace views_detail {
namespace {

using Shared = std::shared_ptr<const PatientContext>;

Date TodayUtc() {
  const auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date::FromYmd(std::chrono::year_month_day(now));
}

// The patient's sessions as an assessment input and as the API's JSON.
Result<app::Trends> LoadTrends(const PatientContext& context, app::FiguresCache& cache,
                               const std::vector<Protocol>& protocols, const Request& request) {
  // One store transaction for the record (GetPatientRecord authorises it: someone who may not
  // see it gets 404) and one for the analyses: each audited read is a commit.
  const std::string patient_id(request.PathParam("patient_id"));
  const store::Actor actor = request.principal->actor();
  auto loaded = context.store->With(
      [&](store::Store& s) -> Result<std::pair<store::PatientRecord, AnalysesBySha>> {
        auto record = s.GetPatientRecord(actor, patient_id);
        if (!record) return tl::unexpected(record.error());
        auto analyses = s.ListPhotoAnalyses(actor, patient_id);
        if (!analyses) return tl::unexpected(analyses.error());
        return std::pair{std::move(*record), IndexAnalyses(std::move(*analyses))};
      });
  if (!loaded) {
    if (loaded.error().code == ErrorCode::kPermissionDenied ||
        loaded.error().code == ErrorCode::kNotFound) {
      return MakeError(ErrorCode::kNotFound, "no such patient, or not one you may see",
                       "patient_id");
    }
    return tl::unexpected(loaded.error());
  }
  const store::PatientRecord& record = loaded->first;
  Date today = TodayUtc();
  for (const auto& session : record.sessions) today = std::max(today, session.session_date);
  return app::BuildTrends(record, loaded->second, protocols, today, cache);
}

Response GetTrendsApi(const PatientContext& context, app::FiguresCache& cache,
                      const std::vector<Protocol>& protocols, Request& request) {
  auto trends = LoadTrends(context, cache, protocols, request);
  if (!trends) return ErrorResponse(request, trends.error(), context.log);
  nlohmann::json charts = nlohmann::json::object();
  for (const app::TrendChart& built : app::BuildTrendCharts(*trends)) {
    if (built.spec && app::HasPoints(*built.spec)) {
      charts[built.key] = {{"title", built.spec->title},
                           {"description", chart::DescribeChart(*built.spec)}};
    } else {
      charts[built.key] = nullptr;
    }
  }
  trends->json["charts"] = std::move(charts);
  return JsonResponse(200, trends->json);
}

Response GetTrendsPage(const PatientContext& context, app::FiguresCache& cache,
                       const std::vector<Protocol>& protocols, Request& request) {
  auto trends = LoadTrends(context, cache, protocols, request);
  if (!trends) return ErrorResponse(request, trends.error(), context.log);
  const Principal& principal = *request.principal;
  const std::string patient_id(request.PathParam("patient_id"));
  std::vector<std::pair<app::TrendChart, std::string>> figures;
  for (app::TrendChart& built : app::BuildTrendCharts(*trends)) {
    std::string html;
    if (built.spec && app::HasPoints(*built.spec)) {
      chart::RenderOptions options;
      options.width_px = 720;
      options.id = "trend-" + built.key;
      options.show_title = false;
      auto figure = chart::RenderFigureHtml(*built.spec, options);
      if (figure) html = std::move(*figure);
    }
    figures.emplace_back(std::move(built), std::move(html));
  }
  auto page = RenderPage(
      *context.renderer, Page{"Trends", "trends.tpl", &principal, patient_id, "trends", {}},
      [&](ctemplate::TemplateDictionary& main) {
        main.SetValue("SESSIONS", std::to_string(trends->json["sessions"].size()));
        if (trends->json["sessions"].empty()) main.ShowSection("NO_SESSIONS");
        for (const auto& [built, html] : figures) {
          auto* item = main.AddSectionDictionary("CHART");
          item->SetValue("KEY", built.key);
          item->SetValue("TITLE", built.title);
          if (!html.empty()) {
            // The figure is made by chart::RenderFigureHtml, which escapes every text it holds.
            item->SetValueAndShowSection("FIGURE", html, "HAS_FIGURE");
          } else {
            item->ShowSection("NO_DATA");
          }
        }
        for (const auto& s : trends->json["sessions"]) {
          auto* row = main.AddSectionDictionary("SESSION");
          row->SetValue("URL", s["page_url"].get<std::string>());
          row->SetValue("DATE", chart::DisplayDate(*Date::Parse(s["date"].get<std::string>())));
          row->SetValue("SALT", s["salt"].is_number() ? OneDecimal(s["salt"].get<double>()) : "—");
        }
      });
  if (!page) return ErrorResponse(request, page.error(), context.log);
  return HtmlResponse(200, std::move(*page));
}

}  // namespace

Result<void> AddTrendsRoutes(Router& router, Shared context) {
  auto cache = std::make_shared<app::FiguresCache>();
  // Read once: the protocols do not change while the server runs. Missing or unreadable, the
  // charts use the treatment class's default phases and decision weeks.
  auto catalog = context->protocols_dir.empty()
                     ? Result<std::vector<Protocol>>(std::vector<Protocol>{})
                     : app::LoadProtocolCatalog(context->protocols_dir);
  auto protocols = std::make_shared<const std::vector<Protocol>>(catalog ? std::move(*catalog)
                                                                         : std::vector<Protocol>{});
  std::vector<Route> routes;
  routes.push_back({Method::kGet, "/patients/{patient_id}/trends", "views.trends",
                    Access::kSignedIn, 0, SyncHandler([context, cache, protocols](Request& r) {
                      return GetTrendsPage(*context, *cache, *protocols, r);
                    })});
  routes.push_back({Method::kGet, "/api/v1/patients/{patient_id}/trends", "api.views.trends",
                    Access::kSignedIn, 0, SyncHandler([context, cache, protocols](Request& r) {
                      return GetTrendsApi(*context, *cache, *protocols, r);
                    })});
  for (auto& route : routes) {
    if (auto added = router.Add(std::move(route)); !added) return added;
  }
  return {};
}

}  // namespace views_detail
}  // namespace tricholog::http
