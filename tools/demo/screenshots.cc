// Writes example demo renders with their masks drawn over them (docs/screenshots/demo/): the
// demo head (seed 1) at baseline and at week 52 from the top, and from the left at baseline.
// Outlines: cyan = the render's true scalp, red = the render's true loss, green = the loss the
// analysis found. A development tool (it uses OpenCV's PNG writer); not part of the product.
#include <cstdio>
#include <filesystem>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <string>

#include "app/demo_store.h"
#include "imaging/scalp_render.h"
#include "imaging/scalp_view.h"

namespace {

using tricholog::imaging::ScalpView;

void Outline(cv::Mat& image, const cv::Mat& mask, const cv::Scalar& colour, int thickness) {
  std::vector<std::vector<cv::Point>> contours;
  cv::findContours(mask.clone(), contours, cv::RETR_LIST, cv::CHAIN_APPROX_NONE);
  cv::drawContours(image, contours, -1, colour, thickness, cv::LINE_AA);
}

int Write(const std::filesystem::path& out, ScalpView view, int week) {
  const auto state = tricholog::app::DemoScalpState(1, week);
  // The photo seed the demo uses for this view and week (demo_store.cc).
  const std::uint64_t index = view == ScalpView::kTop ? 0 : view == ScalpView::kLeft ? 2 : 1;
  const std::uint64_t seed = (1ull << 20) ^ (static_cast<std::uint64_t>(week) << 4) ^ index;
  auto render = tricholog::imaging::RenderScalpView(state, view, {{2016, 1512}, seed});
  if (!render) return std::fprintf(stderr, "%s\n", render.error().message.c_str()), 1;
  auto analysis = tricholog::imaging::AnalyzeScalpPhoto(render->bgr, view);
  if (!analysis) return std::fprintf(stderr, "%s\n", analysis.error().message.c_str()), 1;
  cv::Mat shown = render->bgr.clone();
  Outline(shown, render->scalp_mask, cv::Scalar(255, 255, 0), 3);
  Outline(shown, render->loss_mask, cv::Scalar(0, 0, 255), 4);
  Outline(shown, analysis->FullLossMask(), cv::Scalar(0, 220, 0), 3);
  cv::Mat small;
  cv::resize(shown, small, cv::Size(864, 648), 0, 0, cv::INTER_AREA);
  const std::string name = std::string(tricholog::imaging::ScalpViewName(view)) + "_week" +
                           std::to_string(week) + ".png";
  cv::imwrite((out / name).string(), small, {cv::IMWRITE_PNG_COMPRESSION, 9});
  std::printf("%s: loss truth %.1f %%, measured %.1f %%\n", name.c_str(), render->hair_loss_percent,
              analysis->figures.hair_loss_percent);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::filesystem::path out = argc > 1 ? argv[1] : "docs/screenshots/demo";
  std::filesystem::create_directories(out);
  return Write(out, ScalpView::kTop, 0) | Write(out, ScalpView::kTop, 52) |
         Write(out, ScalpView::kLeft, 0);
}
