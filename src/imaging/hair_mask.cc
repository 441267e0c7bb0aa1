#include "imaging/hair_mask.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <new>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>
#include <string>
#include <vector>

#include "imaging/component_mask.h"
#include "imaging/vision.h"
namespace tricholog::imaging {
namespace {

constexpr int kMinSide = 16;
// Window of the structure tensor (about one lock of hair), as a fraction of the diagonal.
constexpr double kTensorSigmaFraction = 0.008;
// Below this 90th-percentile strand score the image has no hair-like texture at all.
constexpr float kFlatScore = 0.05f;
// Floor of the energy reference, so that sensor noise on a flat photo does not count as texture
// (gray is in [0, 1]; Scharr's response to a 1/255 step is about 0.06).
constexpr float kMinEnergyRef = 0.1f;
// Scharr gradient magnitude (gray in [0, 1]) that noise alone reaches: about an 8-level step.
constexpr float kNoiseGradient = 0.5f;
// Pooling radius for the strand score, as a fraction of the image diagonal.
constexpr double kPoolSigmaFraction = 0.04;
// GrabCut's graph cut is the slow step; it runs on a copy of at most this many pixels.
constexpr int kGrabCutPixels = 40'000;
// Offset of the log brightness the strand texture is measured on (gray in [0, 1]): darker
// than this, differences count less, so sensor noise in black areas is not taken for strands.
constexpr double kLogOffset = 0.05;
// Smooth-skin level (0..1) above which a pixel is a certain background seed.
constexpr float kSmoothSkinSeed = 0.6f;
// Largest distance of Cr or Cb from neutral (128) in a photo taken as black and white.
constexpr double kMaxGreyChroma = 2.0;
// CIE Lab a* and b* below which a colour is green or blue, never natural hair.
constexpr double kHairMinA = -5.0;
constexpr double kHairMinB = -6.25;
// ... judged only from this lightness L* (0-100) up. Near black the hue is the camera's white
// balance and noise, not the object's: black hair often reads as blue-black (b* -7 to -9 at
// L* 5-12), and the rule made up to 58 % of such hair certain background (docs/hair-mask.md).
constexpr double kHairHueMinL = 30.0;
// Layout prior: photos of hair are framed on the head, so a strip this wide (fraction of the
// shorter side) along every edge of the frame is certain background wherever its pooled strand
// score is below kBorderLevel times Otsu's threshold (clearly textured hair reaching the edge
// stays open).
constexpr double kBorderFraction = 0.03;
constexpr double kBorderLevel = 1.5;
// Centre prior (the other half of the layout prior, as in centre-biased saliency): the pooled
// strand score is weighted by 1 - s + s * g, where g is a Gaussian over the frame centred at
// kCentrePriorX, kCentrePriorY (fractions of width and height from the top left) with a spread
// of kCentrePriorSigma of each side. The head sits a little above the middle of a hair photo.
// Chosen on the even-numbered Figaro frames (docs/hair-mask.md), with coherence still in the
// strand score: s 0.2-0.8 and spreads 0.3-0.7 all gave 0.753-0.764 there against 0.753
// without; the centre's height 0.4 / 0.45 / 0.5 gave 0.767 / 0.763 / 0.761. Rechecked after
// coherence was left out: s 0 / 0.4 / 0.6 gave 0.781 / 0.791 / 0.784, heights 0.35 / 0.4 /
// 0.45 gave 0.788 / 0.791 / 0.788.
constexpr double kCentrePriorStrength = 0.4;
constexpr double kCentrePriorSigma = 0.5;
constexpr double kCentrePriorX = 0.5;
constexpr double kCentrePriorY = 0.4;
// GrabCut sees YCrCb with the chroma differences (Cr, Cb about 128) multiplied by this, so that
// its colour models and its edge weights judge hue more than brightness: dark hair and dark
// skin, clothes or shadow differ more in hue than in luma.
constexpr double kChromaGain = 4.0;
// Face cascades: smallest face searched for, as a fraction of the shorter side (hair photos
// show the head large; smaller hits are mostly false), and the cascade's neighbour count.
constexpr double kMinFaceFraction = 0.14;
constexpr int kFaceNeighbours = 4;
// A detected face counts only if the middle of its box is on average at least this smooth skin
// (0..1) and this skin-coloured.
constexpr double kFaceMinSmoothSkin = 0.2;
constexpr double kFaceMinSkinColour = 0.4;

// Value at quantile q (0..1) of a CV_32F image.
float Quantile(const cv::Mat& values, double q) {
  std::vector<float> v;
  v.assign(values.begin<float>(), values.end<float>());
  if (v.empty()) return 0.f;
  const auto k =
      static_cast<std::size_t>(std::clamp(q, 0.0, 1.0) * static_cast<double>(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return v[k];
}

// True when even the strongest tenth of the image's gradients is no more than sensor noise
// and JPEG ringing: nothing there can be a strand.
bool IsTextureless(const cv::Mat& gray) {
  cv::Mat gx, gy, magnitude;
  cv::Scharr(gray, gx, CV_32F, 1, 0);
  cv::Scharr(gray, gy, CV_32F, 0, 1);
  cv::magnitude(gx, gy, magnitude);
  return Quantile(magnitude, 0.9) < kNoiseGradient;
}

// log(gray + offset) rescaled to [0, 1]; gray in [0, 1].
cv::Mat LogBrightness(const cv::Mat& gray) {
  cv::Mat out;
  cv::log(gray + kLogOffset, out);
  const double lo = std::log(kLogOffset), hi = std::log(1.0 + kLogOffset);
  return (out - lo) / (hi - lo);
}

cv::Mat ReduceToWorkSize(const cv::Mat& bgr, int work_pixels) {
  const double pixels = static_cast<double>(bgr.total());
  if (pixels <= work_pixels) return bgr;
  const double f = std::sqrt(work_pixels / pixels);
  cv::Mat small;
  cv::resize(bgr, small, cv::Size(), f, f, cv::INTER_AREA);
  return small;
}

// Strand texture score in [0, 1): the product of two measures over a window of about one lock:
// gradient energy relative to the image's median (skin and smooth backgrounds have little) and
// gradient density (many edges across the window, not one object outline). Orientation
// coherence (strands running parallel) is left out: it scored coily and curly hair, whose
// strands turn within the window, below smiling faces and patterned clothes; without it the
// Figaro sample rose from 0.772 to 0.796 (docs/hair-mask.md).
cv::Mat StrandScore(const cv::Mat& gray, double tensor_sigma) {
  cv::Mat gx, gy;
  cv::Scharr(gray, gx, CV_32F, 1, 0);
  cv::Scharr(gray, gy, CV_32F, 0, 1);
  cv::Mat squared = gx.mul(gx) + gy.mul(gy);
  const cv::Size k(0, 0);
  cv::Mat trace;  // the structure tensor's trace: mean |g|^2 over the window
  cv::GaussianBlur(squared, trace, k, tensor_sigma);
  cv::Mat energy;
  cv::sqrt(trace, energy);
  const float e_ref = std::max(Quantile(energy, 0.5), kMinEnergyRef);
  cv::Mat e_norm;
  cv::divide(energy, energy + e_ref, e_norm);
  // Density: (mean |g|)^2 / mean |g|^2 over the window is near 1 when gradients are spread
  // over the whole window (a lock of strands) and small next to a single edge.
  cv::Mat mag;
  cv::sqrt(squared, mag);
  cv::Mat mean_mag;
  cv::GaussianBlur(mag, mean_mag, k, tensor_sigma);
  cv::Mat density;
  cv::divide(mean_mag.mul(mean_mag), trace + 1e-6, density);
  return e_norm.mul(density.mul(density));
}

// True when no pixel of the YCrCb image is further than kMaxGreyChroma from neutral in Cr or Cb:
// a black-and-white photo (stored as colour, JPEG leaves a level or two of chroma).
bool IsAchromatic(const cv::Mat& ycrcb) {
  std::vector<cv::Mat> ch;
  cv::split(ycrcb, ch);
  for (int c = 1; c < 3; ++c) {
    double lo = 0, hi = 0;
    cv::minMaxLoc(ch[c], &lo, &hi);
    if (lo < 128 - kMaxGreyChroma || hi > 128 + kMaxGreyChroma) return false;
  }
  return true;
}

// Skin likelihood in [0, 1] from colour alone: the YCrCb box that holds skin of every tone
// under ordinary light (Chai & Ngan 1999, Cr 133-173, Cb 77-127), softened at its edges. In a
// black-and-white photo colour tells nothing, so every pixel of skin-like brightness may be skin
// (smoothness then decides, in SmoothSkin).
cv::Mat SkinColourLikelihood(const cv::Mat& bgr) {
  cv::Mat ycrcb;
  cv::cvtColor(bgr, ycrcb, cv::COLOR_BGR2YCrCb);
  const bool grey = IsAchromatic(ycrcb);
  cv::Mat out(bgr.size(), CV_32F);
  for (int y = 0; y < bgr.rows; ++y) {
    const auto* p = ycrcb.ptr<cv::Vec3b>(y);
    auto* o = out.ptr<float>(y);
    for (int x = 0; x < bgr.cols; ++x) {
      const float cr = p[x][1], cb = p[x][2], luma = p[x][0];
      auto inside = [](float v, float lo, float hi, float soft) {
        return std::clamp(std::min(v - lo, hi - v) / soft + 0.5f, 0.f, 1.f);
      };
      const float colour = grey ? 1.f : inside(cr, 135, 173, 6) * inside(cb, 80, 127, 6);
      o[x] = colour * inside(luma, 40, 250, 10);
    }
  }
  return out;
}

// Colours no natural hair has: green or blue (hair runs from black through browns, reds and
// blonds to grey and white, all with a >= about 0 and b >= about 0 in CIE Lab), where the pixel
// is light enough for its hue to mean something (kHairHueMinL).
cv::Mat UnnaturalHairColour(const cv::Mat& bgr) {
  cv::Mat f, lab;
  bgr.convertTo(f, CV_32F, 1.0 / 255.0);
  cv::cvtColor(f, lab, cv::COLOR_BGR2Lab);
  cv::GaussianBlur(lab, lab, cv::Size(0, 0), 2.0);
  std::vector<cv::Mat> ch;
  cv::split(lab, ch);
  return ((ch[1] < kHairMinA) | (ch[2] < kHairMinB)) & (ch[0] >= kHairHueMinL);
}

// Smooth skin in [0, 1]: skin colour (SkinColourLikelihood) where there is little strand
// texture (faces, necks and arms are smooth; blond hair of the same colour is not).
cv::Mat SmoothSkin(const cv::Mat& skin, const cv::Mat& score, double diag) {
  cv::Mat fine;
  cv::GaussianBlur(score, fine, cv::Size(0, 0), 0.01 * diag);
  const float ref = Quantile(fine, 0.9);
  cv::Mat smooth_skin = skin.mul(1.0 - cv::min(fine / (ref + 1e-6f), 1.0));
  cv::GaussianBlur(smooth_skin, smooth_skin, cv::Size(0, 0), 0.005 * diag);
  return smooth_skin;
}

// The colours GrabCut separates: YCrCb with the chroma stretched by kChromaGain (saturating).
cv::Mat GrabCutColours(const cv::Mat& bgr) {
  cv::Mat ycrcb;
  cv::cvtColor(bgr, ycrcb, cv::COLOR_BGR2YCrCb);
  std::vector<cv::Mat> ch;
  cv::split(ycrcb, ch);
  for (int c = 1; c < 3; ++c) ch[c].convertTo(ch[c], CV_8U, kChromaGain, 128 * (1 - kChromaGain));
  cv::merge(ch, ycrcb);
  return ycrcb;
}

// Keeps the connected parts of `mask` that touch `seeds`; the rest is colour that GrabCut
// found similar to hair but that no strand texture vouches for.
cv::Mat KeepSeededComponents(const cv::Mat& mask, const cv::Mat& seeds) {
  cv::Mat components;
  const int n = cv::connectedComponents(mask, components, 8, CV_32S);
  std::vector<std::uint8_t> keep(static_cast<std::size_t>(n), 0);
  for (int y = 0; y < mask.rows; ++y) {
    const int* c = components.ptr<int>(y);
    const auto* s = seeds.ptr<unsigned char>(y);
    for (int x = 0; x < mask.cols; ++x) {
      if (s[x] && c[x] > 0) keep[static_cast<std::size_t>(c[x])] = 1;
    }
  }
  return SelectComponents(components, keep);
}

// Face cascades from Debian's opencv-data, loaded once per thread and folder (a
// CascadeClassifier must not be shared between threads) through tricholog_vision.so. A missing
// file, or a missing module, leaves it null: no face prior.
struct FaceCascades {
  std::unique_ptr<FaceCascade> frontal;
  std::unique_ptr<FaceCascade> profile;
};

FaceCascades& ThreadCascades(const std::string& dir) {
  thread_local std::unique_ptr<FaceCascades> cascades;
  thread_local std::string loaded_dir;
  if (!cascades || loaded_dir != dir) {
    cascades = std::make_unique<FaceCascades>();
    loaded_dir = dir;
    const std::filesystem::path base(dir);
    std::error_code ec;
    const auto frontal = base / "haarcascades" / "haarcascade_frontalface_alt2.xml";
    const auto profile = base / "haarcascades" / "haarcascade_profileface.xml";
    if (auto vision = Vision(); vision) {
      if (std::filesystem::is_regular_file(frontal, ec)) {
        cascades->frontal = (*vision)->load_cascade(frontal.string());
      }
      if (std::filesystem::is_regular_file(profile, ec)) {
        cascades->profile = (*vision)->load_cascade(profile.string());
      }
    }
  }
  return *cascades;
}

// Candidate faces on `bgr` (frontal; profiles facing either way when no frontal face is
// found), largest first. None when `dir` is empty or has no frontal cascade.
std::vector<cv::Rect> DetectFaces(const cv::Mat& bgr, const std::string& dir) {
  std::vector<cv::Rect> faces;
  if (dir.empty()) return faces;
  FaceCascades& c = ThreadCascades(dir);
  if (!c.frontal) return faces;
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  cv::equalizeHist(gray, gray);
  const int side = static_cast<int>(kMinFaceFraction * std::min(gray.cols, gray.rows));
  const cv::Size min_size(side, side);
  faces = c.frontal->Detect(gray, 1.1, kFaceNeighbours, min_size);
  if (faces.empty() && c.profile) {
    faces = c.profile->Detect(gray, 1.1, kFaceNeighbours, min_size);
    if (faces.empty()) {
      cv::Mat flipped;
      cv::flip(gray, flipped, 1);
      faces = c.profile->Detect(flipped, 1.1, kFaceNeighbours, min_size);
      for (auto& f : faces) f.x = gray.cols - f.x - f.width;
    }
  }
  std::sort(faces.begin(), faces.end(),
            [](const cv::Rect& a, const cv::Rect& b) { return a.area() > b.area(); });
  return faces;
}

// Sets this thread's cv::theRNG() to a fixed state for its lifetime and restores it after.
class FixedRngState {
 public:
  FixedRngState() : saved_(cv::theRNG().state) { cv::theRNG().state = 0x9e3779b97f4a7c15ULL; }
  ~FixedRngState() { cv::theRNG().state = saved_; }
  FixedRngState(const FixedRngState&) = delete;
  FixedRngState& operator=(const FixedRngState&) = delete;

 private:
  std::uint64_t saved_;
};

// `r` scaled by `f` and clipped to an image of `size`.
cv::Rect ScaleRect(const cv::Rect2d& r, double f, cv::Size size) {
  const cv::Rect out(static_cast<int>(std::floor(r.x * f)), static_cast<int>(std::floor(r.y * f)),
                     static_cast<int>(std::ceil(r.width * f)),
                     static_cast<int>(std::ceil(r.height * f)));
  return out & cv::Rect(0, 0, size.width, size.height);
}

// The candidate faces whose middle is mostly smooth skin: a cascade also fires on curls
// and on the back of a head, whose colour may be skin-like but which are textured.
std::vector<cv::Rect> ConfirmFaces(const std::vector<cv::Rect>& candidates,
                                   const cv::Mat& skin_colour, const cv::Mat& smooth_skin) {
  std::vector<cv::Rect> faces;
  for (const cv::Rect& face : candidates) {
    const cv::Rect middle = ScaleRect({face.x + 0.25 * face.width, face.y + 0.3 * face.height,
                                       0.5 * face.width, 0.6 * face.height},
                                      1.0, skin_colour.size());
    if (middle.empty()) continue;
    if (cv::mean(smooth_skin(middle))[0] >= kFaceMinSmoothSkin &&
        cv::mean(skin_colour(middle))[0] >= kFaceMinSkinColour) {
      faces.push_back(face);
    }
  }
  return faces;
}

// Face anchoring (when faces were confirmed): the middle of each face is certain background;
// non-skin pixels in a band around it (crown, temples) start as probable hair; certain-hair
// seeds away from every head are demoted to probable hair and no longer vouch for the parts
// GrabCut keeps. Hair hangs from the head, so a head reaches one face width to either side,
// 0.8 face heights above and 2 below. `seeds` is narrowed to the seeds that still count.
void AnchorOnFaces(const std::vector<cv::Rect>& faces, double f, const cv::Mat& skin_small,
                   cv::Mat& labels, cv::Mat& seeds) {
  const cv::Size sz = labels.size();
  cv::Mat head = cv::Mat::zeros(sz, CV_8U), band = cv::Mat::zeros(sz, CV_8U);
  for (const cv::Rect& face : faces) {
    const double w = face.width, h = face.height;
    head(ScaleRect({face.x - w, face.y - 0.8 * h, 3 * w, 3.8 * h}, f, sz)).setTo(255);
    band(ScaleRect({face.x - 0.3 * w, face.y - 0.4 * h, 1.6 * w, 1.4 * h}, f, sz)).setTo(255);
  }
  labels.setTo(cv::GC_PR_FGD, band & (labels == cv::GC_PR_BGD) & (skin_small < 0.3));
  labels.setTo(cv::GC_PR_FGD, seeds & ~head);
  seeds.setTo(0, ~head);
  for (const cv::Rect& face : faces) {
    const double w = face.width, h = face.height;
    const cv::Rect middle =
        ScaleRect({face.x + 0.2 * w, face.y + 0.35 * h, 0.6 * w, 0.6 * h}, f, sz);
    labels(middle).setTo(cv::GC_BGD);
    seeds(middle).setTo(0);
  }
}

// Multiplies `pooled` (CV_32F) by the centre prior (kCentrePriorStrength): clutter at the
// sides and bottom of the frame needs more texture than hair near the head to pass as hair.
void WeightTowardsCentre(cv::Mat& pooled) {
  const double two_sigma_sq = 2 * kCentrePriorSigma * kCentrePriorSigma;
  for (int y = 0; y < pooled.rows; ++y) {
    float* row = pooled.ptr<float>(y);
    const double dy = (y + 0.5) / pooled.rows - kCentrePriorY;
    for (int x = 0; x < pooled.cols; ++x) {
      const double dx = (x + 0.5) / pooled.cols - kCentrePriorX;
      const double g = std::exp(-(dx * dx + dy * dy) / two_sigma_sq);
      row[x] *= static_cast<float>(1 - kCentrePriorStrength + kCentrePriorStrength * g);
    }
  }
}

// Stops early once `deadline` has expired (what it returns is then to be discarded; the
// caller checks the deadline).
cv::Mat Refine(const cv::Mat& work_bgr, const cv::Mat& score, int iterations,
               const std::vector<cv::Rect>& candidate_faces, const Deadline& deadline) {
  // Regional evidence: a lock of hair is texture over an area, so the score is pooled at
  // about 4 % of the image diagonal and split by Otsu's threshold, which adapts to how much
  // of the frame the hair fills.
  const double diag = std::hypot(score.cols, score.rows);
  cv::Mat pooled;
  cv::GaussianBlur(score, pooled, cv::Size(0, 0), kPoolSigmaFraction * diag);
  WeightTowardsCentre(pooled);
  cv::Mat pooled8;
  pooled.convertTo(pooled8, CV_8U, 255.0 / std::max(1e-6f, Quantile(pooled, 0.999)));
  cv::Mat hair;
  const double t = cv::threshold(pooled8, hair, 0, 255, cv::THRESH_BINARY | cv::THRESH_OTSU);
  if (iterations == 0 || deadline.Expired()) return hair;

  // GrabCut on a smaller copy: certain hair far above the threshold, certain background far
  // below it, the rest "probably" on the side of the threshold it falls.
  cv::Mat bgr_small = ReduceToWorkSize(work_bgr, kGrabCutPixels);
  cv::Mat pooled_small, skin_small;
  cv::resize(pooled8, pooled_small, bgr_small.size(), 0, 0, cv::INTER_AREA);
  const cv::Mat skin_colour = SkinColourLikelihood(work_bgr);
  const cv::Mat smooth_skin = SmoothSkin(skin_colour, score, diag);
  cv::resize(smooth_skin, skin_small, bgr_small.size(), 0, 0, cv::INTER_AREA);
  const std::vector<cv::Rect> faces = ConfirmFaces(candidate_faces, skin_colour, smooth_skin);
  cv::Mat labels(bgr_small.size(), CV_8U, cv::Scalar(cv::GC_PR_BGD));
  labels.setTo(cv::GC_PR_FGD, pooled_small > t);
  const cv::Mat certain_hair = pooled_small > t + 0.5 * (255 - t);
  labels.setTo(cv::GC_FGD, certain_hair);
  labels.setTo(cv::GC_BGD, pooled_small < 0.5 * t);
  // Faces, necks and arms: smooth skin-coloured areas are certainly not hair, and GrabCut
  // must not learn their colour as hair (dark hair next to dark skin).
  labels.setTo(cv::GC_BGD, (skin_small > kSmoothSkinSeed) & ~certain_hair);
  labels.setTo(cv::GC_BGD, UnnaturalHairColour(bgr_small));
  // Layout prior (as in boundary-prior saliency): what fills the edges of the frame is
  // background unless it is textured like hair; GrabCut then also learns the background's
  // colours from the whole frame edge, not only from the untextured areas.
  const int border =
      std::max(1, static_cast<int>(kBorderFraction * std::min(bgr_small.cols, bgr_small.rows)));
  cv::Mat edge_strip(bgr_small.size(), CV_8U, cv::Scalar(255));
  edge_strip(cv::Rect(border, border, bgr_small.cols - 2 * border, bgr_small.rows - 2 * border))
      .setTo(0);
  labels.setTo(cv::GC_BGD, edge_strip & (pooled_small < kBorderLevel * t) & ~certain_hair);
  cv::Mat seeds = certain_hair.clone();
  if (!faces.empty()) {
    AnchorOnFaces(faces, static_cast<double>(bgr_small.cols) / work_bgr.cols, skin_small, labels,
                  seeds);
  }
  if (cv::countNonZero(labels == cv::GC_FGD) == 0 || cv::countNonZero(labels == cv::GC_BGD) == 0) {
    return hair;  // GrabCut needs both certain classes to learn colours from
  }
  if (deadline.Expired()) return hair;
  cv::Mat bgd_model, fgd_model;
  {
    // GrabCut seeds its k-means from the calling thread's cv::theRNG(); a fixed state makes the
    // mask the same whatever ran on this thread before, and the caller's state is put back.
    const FixedRngState fixed_rng;
    // One iteration per call so that the deadline is read between them. The same as one
    // call of `iterations`: the state carried from one iteration to the next is the labels
    // and the two colour models, and GC_EVAL continues from both.
    const cv::Mat colours = GrabCutColours(bgr_small);
    cv::grabCut(colours, labels, cv::Rect(), bgd_model, fgd_model, 1, cv::GC_INIT_WITH_MASK);
    for (int i = 1; i < iterations; ++i) {
      if (deadline.Expired()) return hair;
      cv::grabCut(colours, labels, cv::Rect(), bgd_model, fgd_model, 1, cv::GC_EVAL);
    }
  }
  cv::Mat refined = (labels == cv::GC_FGD) | (labels == cv::GC_PR_FGD);
  refined = KeepSeededComponents(refined, seeds);
  cv::resize(refined, refined, work_bgr.size(), 0, 0, cv::INTER_LINEAR);
  cv::threshold(refined, refined, 127, 255, cv::THRESH_BINARY);
  return refined;
}

}  // namespace

cv::Size HairMaskWorkingSize(cv::Size input, const HairMaskOptions& options) {
  const double pixels = static_cast<double>(input.width) * input.height;
  if (pixels <= options.work_pixels) return input;
  // As cv::resize computes the size for ReduceToWorkSize's factor.
  const double f = std::sqrt(options.work_pixels / pixels);
  return {cv::saturate_cast<int>(input.width * f), cv::saturate_cast<int>(input.height * f)};
}

Result<AnalysisPlan> PlanHairMask(cv::Size photo, const HairMaskOptions& options) {
  return FitBudget(AnalysisKind::kHairMask, photo,
                   static_cast<std::int64_t>(photo.width) * photo.height,
                   HairMaskWorkingSize(photo, options));
}

Result<cv::Mat> ComputeHairMask(const cv::Mat& bgr, const HairMaskOptions& options) {
  auto result = AnalyzeHairMask(bgr, options);
  if (!result) return tl::unexpected(result.error());
  return result->mask;
}

Result<HairMaskResult> AnalyzeHairMask(const cv::Mat& bgr, const HairMaskOptions& options) {
  if (bgr.empty()) return MissingField("image");
  if (bgr.type() != CV_8UC3)
    return InvalidArgument("image", "must be an 8-bit, 3-channel BGR image");
  if (bgr.cols < kMinSide || bgr.rows < kMinSide) {
    return InvalidArgument("image", std::to_string(bgr.cols) + "x" + std::to_string(bgr.rows) +
                                        " is too small; allowed at least 16x16 pixels");
  }
  if (auto r = RequireInRange("work_pixels", options.work_pixels, 10'000, 4'000'000); !r) {
    return tl::unexpected(r.error());
  }
  if (auto r = RequireInRange("refine_iterations", options.refine_iterations, 0, 10); !r) {
    return tl::unexpected(r.error());
  }
  auto plan = PlanHairMask(bgr.size(), options);
  if (!plan) return tl::unexpected(plan.error());
  const Deadline deadline(AnalysisKind::kHairMask, plan->budget,
                          options.clock ? *options.clock : SteadyAnalysisClock());
  try {
    HairMaskResult result;
    result.budget = plan->budget;
    const cv::Mat work = ReduceToWorkSize(bgr, options.work_pixels);
    result.working_size = work.size();
    if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
    cv::Mat gray;
    cv::cvtColor(work, gray, cv::COLOR_BGR2GRAY);
    gray.convertTo(gray, CV_32F, 1.0 / 255.0);
    // Strands are judged on log brightness (Weber contrast), so that the texture of black
    // hair, whose gradients are small in absolute terms, counts as much as that of blond hair.
    const cv::Mat texture_gray = LogBrightness(gray);
    const double diag = std::hypot(work.cols, work.rows);
    const cv::Mat score = StrandScore(texture_gray, std::max(1.5, kTensorSigmaFraction * diag));
    if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
    cv::Mat mask;
    if (IsTextureless(gray) || Quantile(score, 0.9) < kFlatScore) {
      mask = cv::Mat::zeros(work.size(), CV_8U);
    } else {
      const std::vector<cv::Rect> faces = DetectFaces(work, options.face_cascade_dir);
      if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
      mask = Refine(work, score, options.refine_iterations, faces, deadline);
      if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
    }
    if (mask.size() != bgr.size()) {
      cv::resize(mask, result.mask, bgr.size(), 0, 0, cv::INTER_LINEAR);
      cv::threshold(result.mask, result.mask, 127, 255, cv::THRESH_BINARY);
    } else {
      result.mask = mask;
    }
    if (auto ok = deadline.Check(); !ok) return tl::unexpected(ok.error());
    return result;
  } catch (const cv::Exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("hair mask: OpenCV failed: ") + e.what(),
                     "image");
  } catch (const std::bad_alloc&) {
    return MakeError(ErrorCode::kTooLarge, "hair mask: out of memory", "image");
  }
}

}  // namespace tricholog::imaging
