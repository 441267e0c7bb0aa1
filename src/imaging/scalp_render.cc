#include "imaging/scalp_render.h"

#include <algorithm>
#include <cmath>
#include <opencv2/imgproc.hpp>
#include <random>
#include <string>

#include "core/salt_score.h"

namespace tricholog::imaging {
namespace {

// The head ellipsoid's half-widths in head radii: left-right, front-back, vertical.
constexpr double kAxisX = 0.80, kAxisY = 1.0, kAxisZ = 0.92;
// A scalp pixel counts for the view when its surface faces the camera within about 63 deg
// (cosine 0.45): the rim seen at a grazing angle belongs to the neighbouring view.
constexpr double kFacingMin = 0.45;
// Patch edges: terminal hair thins from full to none over +-12 % of the patch radius; the
// truth edge is the middle of that ramp.
constexpr double kPatchEdge = 0.12;
constexpr double kPi = 3.14159265358979323846;
// Hair: the head radius (px) at which a strand is 1 px wide, and the strands drawn per
// square of it over the whole sphere (about a third of them show in one view).
constexpr double kStrandReferenceRadiusPx = 620;
constexpr double kRootsPerReferenceRadius2 = 0.09;

struct Vec3 {
  double x = 0, y = 0, z = 0;
};
Vec3 operator+(Vec3 a, Vec3 b) { return {a.x + b.x, a.y + b.y, a.z + b.z}; }
Vec3 operator-(Vec3 a, Vec3 b) { return {a.x - b.x, a.y - b.y, a.z - b.z}; }
Vec3 operator*(Vec3 a, double s) { return {a.x * s, a.y * s, a.z * s}; }
double Dot(Vec3 a, Vec3 b) { return a.x * b.x + a.y * b.y + a.z * b.z; }
Vec3 Cross(Vec3 a, Vec3 b) {
  return {a.y * b.z - a.z * b.y, a.z * b.x - a.x * b.z, a.x * b.y - a.y * b.x};
}
Vec3 Normalized(Vec3 a) {
  const double n = std::sqrt(Dot(a, a));
  return n > 0 ? a * (1.0 / n) : Vec3{0, 0, 1};
}

// Scalp coordinates: x is the patient's right, y the front (face), z up. Azimuth 90 deg is
// the left ear, so x = -sin(azimuth).
Vec3 Direction(double azimuth_deg, double elevation_deg) {
  const double a = azimuth_deg * kPi / 180, e = elevation_deg * kPi / 180;
  return {-std::cos(e) * std::sin(a), std::cos(e) * std::cos(a), std::sin(e)};
}

// An orthographic camera: image right `r`, image down `d`, and `c` from the head towards
// the camera (the visible side).
struct Camera {
  Vec3 r, d, c;
};

Camera CameraOf(ScalpView view) {
  switch (view) {
    case ScalpView::kTop:  // from above, face at the bottom of the picture
      return {{-1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
    case ScalpView::kFront:
      return {{-1, 0, 0}, {0, 0, -1}, {0, 1, 0}};
    case ScalpView::kBack:
      return {{1, 0, 0}, {0, 0, -1}, {0, -1, 0}};
    case ScalpView::kLeft:  // the left side, face to the right of the picture
      return {{0, 1, 0}, {0, 0, -1}, {-1, 0, 0}};
    case ScalpView::kRight:  // the right side, face to the left
      return {{0, -1, 0}, {0, 0, -1}, {1, 0, 0}};
  }
  return {{-1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
}

// The point of the ellipsoid (head radii) from its unit-sphere parameter, and back.
Vec3 SurfaceOf(Vec3 q) { return {q.x * kAxisX, q.y * kAxisY, q.z * kAxisZ}; }
Vec3 NormalAt(Vec3 q) { return Normalized({q.x / kAxisX, q.y / kAxisY, q.z / kAxisZ}); }

// The hairline: scalp hair grows where q.z is above this height, which runs from the frontal
// hairline over the temples, above the ear, down behind it to the nape, with a small
// person-specific wave. Nodes: (azimuth from the face in degrees, height).
double HairlineHeight(Vec3 q, double wave_phase) {
  static constexpr double kNodes[][2] = {{0, 0.36},    {30, 0.33},   {55, 0.22},
                                         {75, 0.12},   {90, 0.08},   {110, -0.14},
                                         {128, -0.50}, {150, -0.62}, {180, -0.66}};
  const double phi = std::atan2(-q.x, q.y);
  const double a = std::abs(phi) * 180 / kPi;
  double h = kNodes[8][1];
  for (int i = 0; i < 8; ++i) {
    if (a <= kNodes[i + 1][0]) {
      double t = (a - kNodes[i][0]) / (kNodes[i + 1][0] - kNodes[i][0]);
      t = t * t * (3 - 2 * t);
      h = kNodes[i][1] * (1 - t) + kNodes[i + 1][1] * t;
      break;
    }
  }
  return h + 0.015 * std::sin(5 * phi + wave_phase);
}

// One patch prepared for fast tests: its frame and the tangents of its radii.
struct PatchFrame {
  Vec3 centre, east, north;
  double tan_east = 0, tan_north = 0;
  double regrowth = 0;
};

PatchFrame FrameOf(const LossPatch& p) {
  PatchFrame f;
  const double a = p.azimuth_deg * kPi / 180, e = p.elevation_deg * kPi / 180;
  f.centre = Direction(p.azimuth_deg, p.elevation_deg);
  f.east = {-std::cos(a), -std::sin(a), 0};
  f.north = {std::sin(e) * std::sin(a), -std::sin(e) * std::cos(a), std::cos(e)};
  f.tan_east = std::tan(p.radius_deg * kPi / 180);
  f.tan_north = std::tan(p.radius2_deg * kPi / 180);
  f.regrowth = p.regrowth_fraction;
  return f;
}

// Normalised distance of `q` from the patch centre: 1 on the original outline, larger
// outside (gnomonic projection onto the patch's tangent plane); large behind it.
double PatchDistance(const PatchFrame& f, Vec3 q) {
  const double along = Dot(q, f.centre);
  if (along <= 0.05) return 1e9;
  const double e = Dot(q, f.east) / along / f.tan_east;
  const double n = Dot(q, f.north) / along / f.tan_north;
  return std::sqrt(e * e + n * n);
}

// What grows at `q`: `terminal` the chance of a terminal strand (soft at patch edges),
// `bare` whether the truth counts it as loss, `vellus` the chance of a vellus hair, `new_hair`
// whether it lies in a regrown part of a patch.
struct Growth {
  double terminal = 1;
  bool bare = false;
  double vellus = 0;
  bool new_hair = false;
  double new_hair_maturity = 1;  // 0 just regrown .. 1 as the rest (the patch's regrowth)
};

Growth GrowthAt(const std::vector<PatchFrame>& patches, Vec3 q) {
  Growth g;
  for (const PatchFrame& f : patches) {
    const double original = PatchDistance(f, q);
    if (original > 1.0 + kPatchEdge + 0.01) continue;
    if (f.regrowth >= 1.0) {
      g.new_hair = g.new_hair || original <= 1.0;
      continue;
    }
    // The bare core keeps (1 - regrowth) of the area: radius scales by its square root.
    const double core = original / std::sqrt(1.0 - f.regrowth);
    const double t = std::clamp((core - (1.0 - kPatchEdge)) / (2 * kPatchEdge), 0.0, 1.0);
    g.terminal = std::min(g.terminal, t * t * (3 - 2 * t));
    if (core <= 1.0) {
      g.bare = true;
      g.vellus = std::max(g.vellus, 0.15 + 0.75 * f.regrowth);
    } else if (original <= 1.0) {
      g.new_hair = true;
      g.new_hair_maturity = std::min(g.new_hair_maturity, f.regrowth);
    }
  }
  return g;
}

// Smooth random field in 0..1-ish: a sum of a few plane waves over the unit sphere.
struct WaveField {
  struct Wave {
    Vec3 k;
    double phase;
  };
  std::vector<Wave> waves;
  double At(Vec3 q) const {
    double s = 0;
    for (const Wave& w : waves) s += std::sin(Dot(w.k, q) + w.phase);
    return waves.empty() ? 0 : s / std::sqrt(static_cast<double>(waves.size()));
  }
};

WaveField MakeField(std::mt19937_64& rng, int count, double frequency) {
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> unit(0, 2 * kPi);
  WaveField field;
  for (int i = 0; i < count; ++i) {
    Vec3 k = Normalized({normal(rng), normal(rng), normal(rng)}) * frequency;
    field.waves.push_back({k, unit(rng)});
  }
  return field;
}

// Framing and light of one photo.
struct Shot {
  double radius_px = 0;  // one head radius in pixels
  double centre_x = 0, centre_y = 0;
  Vec3 light;  // towards the light, in scalp coordinates
  double brightness = 1;
  cv::Vec3d white_balance{1, 1, 1};
};

Shot MakeShot(const Camera& cam, ScalpView view, cv::Size size, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> jitter(-1, 1);
  Shot s;
  const double h = size.height, w = size.width;
  const double fit = view == ScalpView::kTop ? 0.43 : 0.415;
  s.radius_px = std::min(h, w * 0.75) * fit * (1 + 0.03 * jitter(rng));
  s.centre_x = w * (0.5 + 0.025 * jitter(rng));
  s.centre_y = h * ((view == ScalpView::kTop ? 0.5 : 0.48) + 0.02 * jitter(rng));
  // Light from the camera's side, above and a little to one side.
  s.light =
      Normalized(cam.c * 1.0 + cam.d * (-0.55 + 0.15 * jitter(rng)) + cam.r * (0.35 * jitter(rng)));
  s.brightness = 1 + 0.08 * jitter(rng);
  for (int i = 0; i < 3; ++i) s.white_balance[i] = 1 + 0.03 * jitter(rng);
  return s;
}

// A smooth background (a wall): two colours blended across the frame.
void DrawBackground(cv::Mat& image, std::mt19937_64& rng) {
  static const cv::Vec3d kWalls[] = {
      {200, 212, 222}, {170, 180, 176}, {214, 200, 186}, {182, 196, 170}, {150, 160, 175}};
  std::uniform_int_distribution<int> pick(0, 4);
  std::uniform_real_distribution<double> unit(0, 1);
  const cv::Vec3d a = kWalls[pick(rng)], b = kWalls[pick(rng)] * 0.85;
  const double angle = unit(rng) * 2 * kPi;
  const double cx = std::cos(angle), cy = std::sin(angle);
  for (int y = 0; y < image.rows; ++y) {
    auto* row = image.ptr<cv::Vec3f>(y);
    for (int x = 0; x < image.cols; ++x) {
      const double t = 0.5 + 0.5 * ((x / static_cast<double>(image.cols) - 0.5) * cx +
                                    (y / static_cast<double>(image.rows) - 0.5) * cy);
      row[x] = cv::Vec3f(a * (1 - t) + b * t);
    }
  }
}

// Low-frequency mottling of the skin, two octaves, about +-1.
cv::Mat SkinMottle(cv::Size size, std::uint64_t seed) {
  cv::RNG rng(seed);
  cv::Mat total(size, CV_32F, cv::Scalar(0));
  for (const auto& [cells, weight] : {std::pair{28, 0.6}, std::pair{180, 0.4}}) {
    const int cw = std::max(4, size.width / (size.width / cells + 1) + 1);
    cv::Mat coarse(std::max(4, cw * size.height / size.width), cw, CV_32F);
    rng.fill(coarse, cv::RNG::NORMAL, 0, 1);
    cv::Mat up;
    cv::resize(coarse, up, size, 0, 0, cv::INTER_CUBIC);
    total += up * weight;
  }
  return total;
}

// Skin colour at shade `s` with mottle `m` (about +-1).
cv::Vec3f SkinColour(const cv::Scalar& skin, double s, double m, double redden = 0) {
  return cv::Vec3f(static_cast<float>(skin[0] * s * (1 + 0.045 * m) * (1 - 0.06 * redden)),
                   static_cast<float>(skin[1] * s * (1 + 0.045 * m) * (1 - 0.08 * redden)),
                   static_cast<float>(skin[2] * s * (1 + 0.04 * m) * (1 + 0.02 * redden)));
}

double Shade(Vec3 normal, Vec3 light) { return 0.60 + 0.42 * std::max(0.0, Dot(normal, light)); }

// Neck, ears and (front view) the face's features: drawn into `image` in head-radius
// coordinates of the picture, before the head (`behind`) or after the skin (else).
struct PictureFrame {
  double cx, cy, R;
  cv::Point2d Px(double u, double w) const { return {cx + u * R, cy + w * R}; }
};

void FillEllipse(cv::Mat& image, const PictureFrame& f, double u, double w, double ru, double rw,
                 cv::Vec3f colour, double angle = 0) {
  const int shift = 4;
  const double k = 1 << shift;
  const cv::Point2d c = f.Px(u, w);
  cv::ellipse(image, cv::Point(cvRound(c.x * k), cvRound(c.y * k)),
              cv::Size(cvRound(ru * f.R * k), cvRound(rw * f.R * k)), angle, 0, 360,
              cv::Scalar(colour[0], colour[1], colour[2]), cv::FILLED, cv::LINE_AA, shift);
}

// The back view's head outline ends at the nape (this far below the centre, in head radii)
// and runs into the neck; the other views show the whole ellipsoid.
constexpr double kNapeCut = 0.62;

void DrawNeck(cv::Mat& image, const PictureFrame& f, ScalpView view, const cv::Scalar& skin) {
  if (view == ScalpView::kTop) return;
  const bool side = view == ScalpView::kLeft || view == ScalpView::kRight;
  const double behind = view == ScalpView::kLeft ? -1 : 1;  // side views: towards the back
  const double nape_half = kAxisX * std::sqrt(1 - (kNapeCut / kAxisZ) * (kNapeCut / kAxisZ));
  const int y0 = std::max(0, cvRound(f.cy + 0.35 * f.R));
  for (int y = y0; y < image.rows; ++y) {
    const double w = (y + 0.5 - f.cy) / f.R;
    double left = -0.46, right = 0.46;
    if (side) {  // the neck sits behind the head's centre
      left = behind > 0 ? -0.05 : -0.55;
      right = behind > 0 ? 0.55 : 0.05;
    } else if (view == ScalpView::kBack && w < 0.80) {  // the nape widens into the head
      const double t = std::clamp((w - kNapeCut) / (0.80 - kNapeCut), 0.0, 1.0);
      right = nape_half * (1 - t) + 0.46 * t;
      left = -right;
    }
    const int x0 = std::max(0, cvRound(f.cx + left * f.R));
    const int x1 = std::min(image.cols, cvRound(f.cx + right * f.R));
    auto* row = image.ptr<cv::Vec3f>(y);
    for (int x = x0; x < x1; ++x) {
      const double t = (x + 0.5 - (x0 + x1) / 2.0) / ((x1 - x0) / 2.0);  // -1..1 across
      const double s = 0.55 + 0.30 * std::sqrt(std::max(0.0, 1 - t * t));
      row[x] = SkinColour(skin, s, 0);
    }
  }
}

void DrawEars(cv::Mat& image, const PictureFrame& f, ScalpView view, const cv::Scalar& skin,
              double shade) {
  const cv::Vec3f ear = SkinColour(skin, shade * 0.93, 0, 1.0);
  const cv::Vec3f fold = SkinColour(skin, shade * 0.72, 0, 1.5);
  switch (view) {
    case ScalpView::kTop:  // seen from above: a rim at each side, a little behind the middle
      for (double side : {-1.0, 1.0}) FillEllipse(image, f, side * 0.83, -0.02, 0.07, 0.17, ear);
      break;
    case ScalpView::kBack:
    case ScalpView::kFront:
      for (double side : {-1.0, 1.0}) {
        FillEllipse(image, f, side * 0.76, 0.20, 0.075, 0.20, ear, side * 8);
      }
      break;
    case ScalpView::kLeft:
    case ScalpView::kRight: {
      const double s = view == ScalpView::kLeft ? 1 : -1;  // +1: face to the right
      FillEllipse(image, f, -0.08 * s, 0.18, 0.14, 0.25, ear, -12 * s);
      FillEllipse(image, f, -0.07 * s, 0.18, 0.095, 0.185, fold, -12 * s);
      FillEllipse(image, f, -0.055 * s, 0.19, 0.075, 0.16, ear, -12 * s);
      FillEllipse(image, f, -0.03 * s, 0.24, 0.035, 0.05, fold, 0);
      break;
    }
  }
}

// The side views' profile below the cranium: jaw and chin, nose, brow; drawn before the
// head so that the cranium covers their upper part.
void DrawProfile(cv::Mat& image, const PictureFrame& f, ScalpView view, const cv::Scalar& skin,
                 bool features) {
  const double s = view == ScalpView::kLeft ? 1 : -1;  // +1: face to the right
  if (features) {                                      // over the head's skin
    FillEllipse(image, f, s * 0.82, 0.24, 0.05, 0.018, SkinColour(skin, 0.5, 0));     // eye
    FillEllipse(image, f, s * 0.84, 0.13, 0.09, 0.022, SkinColour(skin, 0.62, 0));    // brow
    FillEllipse(image, f, s * 0.90, 0.69, 0.05, 0.015, SkinColour(skin, 0.7, 0, 3));  // lips
    return;
  }
  // The profile from the back of the jaw round the chin, lips and nose up to the brow
  // (head radii; u forward), rounded by Chaikin corner cutting.
  std::vector<cv::Point2d> outline = {{-0.10, 0.62}, {0.20, 0.80}, {0.55, 0.98},  {0.86, 1.00},
                                      {0.98, 0.90},  {0.97, 0.79}, {1.02, 0.71},  {0.99, 0.65},
                                      {1.03, 0.58},  {1.01, 0.50}, {1.13, 0.44},  {1.07, 0.33},
                                      {0.98, 0.22},  {1.00, 0.12}, {0.93, -0.05}, {0.40, 0.05}};
  for (int round = 0; round < 3; ++round) {
    std::vector<cv::Point2d> cut;
    for (std::size_t i = 0; i + 1 < outline.size(); ++i) {
      cut.push_back(outline[i] * 0.75 + outline[i + 1] * 0.25);
      cut.push_back(outline[i] * 0.25 + outline[i + 1] * 0.75);
    }
    outline = cut;
  }
  std::vector<cv::Point> points;
  const double k = 1 << 3;
  for (const cv::Point2d& uw : outline) {
    const cv::Point2d p = f.Px(s * uw.x, uw.y);
    points.emplace_back(cvRound(p.x * k), cvRound(p.y * k));
  }
  const cv::Vec3f face = SkinColour(skin, 0.84, 0);
  cv::fillPoly(image, std::vector<std::vector<cv::Point>>{points},
               cv::Scalar(face[0], face[1], face[2]), cv::LINE_AA, 3);
}

void DrawFace(cv::Mat& image, const PictureFrame& f, const cv::Scalar& skin,
              const cv::Scalar& hair) {
  const cv::Vec3f brow(static_cast<float>(0.5 * hair[0] + 0.5 * skin[0] * 0.7),
                       static_cast<float>(0.5 * hair[1] + 0.5 * skin[1] * 0.7),
                       static_cast<float>(0.5 * hair[2] + 0.5 * skin[2] * 0.7));
  const cv::Vec3f eye_white(215, 222, 228), iris(60, 70, 80), lip = SkinColour(skin, 0.78, 0, 3);
  const cv::Vec3f shadow = SkinColour(skin, 0.80, 0);
  for (double side : {-1.0, 1.0}) {
    FillEllipse(image, f, side * 0.30, 0.02, 0.17, 0.035, brow, side * 6);
    FillEllipse(image, f, side * 0.30, 0.15, 0.13, 0.05, shadow);
    FillEllipse(image, f, side * 0.30, 0.16, 0.10, 0.035, eye_white);
    FillEllipse(image, f, side * 0.30, 0.16, 0.035, 0.035, iris);
  }
  FillEllipse(image, f, 0, 0.42, 0.07, 0.04, shadow);
  FillEllipse(image, f, 0, 0.64, 0.17, 0.045, lip);
}

// One strand: a short curve on the surface starting at root `q`, `length` head radii, drawn
// from root (colour `colour`) along `dir` with gentle curvature.
void DrawStrand(cv::Mat& image, const Camera& cam, const PictureFrame& f, Vec3 q, Vec3 dir,
                double length, double curvature, double lift, const cv::Scalar& colour,
                int thickness) {
  constexpr int kSteps = 5;
  std::vector<cv::Point> points;
  const int shift = 3;
  const double k = 1 << shift;
  Vec3 t = dir;
  for (int i = 0; i <= kSteps; ++i) {
    const Vec3 p = SurfaceOf(q) * (1 + lift * i / kSteps);
    if (i > 0 && Dot(NormalAt(q), cam.c) < -0.1) break;  // went round behind the head
    points.emplace_back(cvRound((f.cx + Dot(p, cam.r) * f.R) * k),
                        cvRound((f.cy + Dot(p, cam.d) * f.R) * k));
    // Step along the surface, then turn a little about the normal.
    q = Normalized(q + t * (length / kSteps));
    const Vec3 n = q;
    t = Normalized(t - n * Dot(t, n));
    t = Normalized(t * std::cos(curvature) + Cross(n, t) * std::sin(curvature));
  }
  if (points.size() < 2) return;
  cv::polylines(image, points, false, colour, thickness, cv::LINE_AA, shift);
}

// Direction hair lies at `q`: away from the crown whorl, swirling near it, falling towards
// the neck low on the head.
Vec3 FlowAt(Vec3 q, Vec3 whorl) {
  Vec3 t = q * Dot(q, whorl) - whorl;
  if (Dot(t, t) < 1e-8) t = Cross(q, {1, 0, 0});
  t = Normalized(t);
  const double near = std::exp(-std::sqrt(Dot(q - whorl, q - whorl)) / 0.22);
  const double swirl = 1.3 * near;
  t = Normalized(t * std::cos(swirl) + Cross(q, t) * std::sin(swirl));
  Vec3 down = Vec3{0, 0, -1} - q * (-q.z);
  const double fall = std::clamp(0.5 - q.z, 0.0, 1.0) * 0.6;
  if (Dot(down, down) > 1e-8) t = Normalized(t + Normalized(down) * fall);
  return t;
}

cv::Scalar Mix(const cv::Scalar& a, const cv::Scalar& b, double t) { return a * (1 - t) + b * t; }

}  // namespace

Result<void> ValidateScalpState(const ScalpState& state) {
  auto bad = [](const std::string& field, const std::string& range) {
    return MakeError(ErrorCode::kInvalidArgument, field + " must be in " + range, field);
  };
  const double density = state.appearance.hair_density;
  if (!(density >= 0.3 && density <= 1.0)) return bad("appearance.hair_density", "0.3..1");
  for (std::size_t i = 0; i < state.patches.size(); ++i) {
    const LossPatch& p = state.patches[i];
    const std::string at = "patches[" + std::to_string(i) + "].";
    if (!(p.azimuth_deg >= 0 && p.azimuth_deg < 360)) return bad(at + "azimuth_deg", "0..360");
    if (!(p.elevation_deg >= -90 && p.elevation_deg <= 90))
      return bad(at + "elevation_deg", "-90..90");
    if (!(p.radius_deg >= 1 && p.radius_deg <= 90)) return bad(at + "radius_deg", "1..90");
    if (!(p.radius2_deg >= 1 && p.radius2_deg <= 90)) return bad(at + "radius2_deg", "1..90");
    if (!(p.regrowth_fraction >= 0 && p.regrowth_fraction <= 1))
      return bad(at + "regrowth_fraction", "0..1");
  }
  return {};
}

namespace {

// Everything one picture is drawn from.
struct Scene {
  const ScalpAppearance* look = nullptr;
  ScalpView view = ScalpView::kTop;
  Camera cam;
  Shot shot;
  PictureFrame frame;
  std::vector<PatchFrame> patches;
  WaveField density_field;  // the person's hair density, +-15 %
  double hairline_phase = 0;
  Vec3 whorl;
};

// The head's skin (shaded, reddened over bare patches), pixel by pixel over its outline, and
// the truth masks.
void DrawHeadSkinAndTruth(cv::Mat& image, const Scene& scene, ScalpRender& out) {
  const Camera& cam = scene.cam;
  const PictureFrame& frame = scene.frame;
  out.scalp_mask = cv::Mat::zeros(image.size(), CV_8U);
  out.loss_mask = cv::Mat::zeros(image.size(), CV_8U);
  auto half_width = [](Vec3 axis) {
    return std::abs(axis.x) * kAxisX + std::abs(axis.y) * kAxisY + std::abs(axis.z) * kAxisZ;
  };
  const double ax_r = half_width(cam.r), ax_d = half_width(cam.d), ax_c = half_width(cam.c);
  const int y0 = std::max(0, static_cast<int>(frame.cy - ax_d * frame.R) - 1);
  const int y1 = std::min(image.rows, static_cast<int>(frame.cy + ax_d * frame.R) + 2);
  const int x0 = std::max(0, static_cast<int>(frame.cx - ax_r * frame.R) - 1);
  const int x1 = std::min(image.cols, static_cast<int>(frame.cx + ax_r * frame.R) + 2);
  for (int y = y0; y < y1; ++y) {
    auto* row = image.ptr<cv::Vec3f>(y);
    auto* scalp = out.scalp_mask.ptr<std::uint8_t>(y);
    auto* loss = out.loss_mask.ptr<std::uint8_t>(y);
    const double w = (y + 0.5 - frame.cy) / frame.R;
    if (scene.view == ScalpView::kBack && w > kNapeCut) break;
    for (int x = x0; x < x1; ++x) {
      const double u = (x + 0.5 - frame.cx) / frame.R;
      const double inside = 1 - (u / ax_r) * (u / ax_r) - (w / ax_d) * (w / ax_d);
      if (inside < 0) continue;
      const Vec3 p = cam.r * u + cam.d * w + cam.c * (ax_c * std::sqrt(inside));
      const Vec3 q{p.x / kAxisX, p.y / kAxisY, p.z / kAxisZ};
      const Vec3 normal = NormalAt(q);
      // Anti-aliased outline: blend the last pixel with what lies behind.
      const double edge = std::clamp(inside * ax_r * frame.R / 2, 0.0, 1.0);
      double redden = 0;
      if (q.z >= HairlineHeight(q, scene.hairline_phase)) {
        const Growth g = GrowthAt(scene.patches, q);
        if (Dot(normal, cam.c) >= kFacingMin) {
          scalp[x] = 255;
          if (g.bare) loss[x] = 255;
        }
        redden = g.terminal < 0.5 ? 0.4 : 0;  // bare patches are a little pinker
      }
      const cv::Vec3f skin =
          SkinColour(scene.look->skin_bgr, Shade(normal, scene.shot.light), 0, redden);
      row[x] = row[x] * static_cast<float>(1 - edge) + skin * static_cast<float>(edge);
    }
  }
}

// Mottles every skin pixel (whatever differs from the wall `background`) once.
void MottleSkin(cv::Mat& image, const cv::Mat& background, const cv::Mat& mottle) {
  cv::Mat difference, skin_mask;
  cv::absdiff(image, background, difference);
  cv::transform(difference, skin_mask, cv::Matx13f(1, 1, 1));
  for (int y = 0; y < image.rows; ++y) {
    auto* row = image.ptr<cv::Vec3f>(y);
    const float* d = skin_mask.ptr<float>(y);
    const float* m = mottle.ptr<float>(y);
    for (int x = 0; x < image.cols; ++x) {
      if (d[x] > 0.5f) row[x] *= static_cast<float>(1 + 0.045 * m[x]);
    }
  }
}

// Hair: roots uniformly over the sphere, kept where hair grows and the camera sees them;
// terminal strands (thinning at patch edges, finer where a patch regrew) and vellus hairs in
// the part of a patch still bare.
void DrawHair(cv::Mat& image, const Scene& scene, std::mt19937_64& rng) {
  const ScalpAppearance& look = *scene.look;
  const Camera& cam = scene.cam;
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> unit(0, 1);
  // A strand is about 1/620 of the head radius wide (1 px in a 2016 x 1512 photo). The head
  // has the same number of strands at any photo size; in smaller photos a strand is drawn
  // 1 px wide at partial contrast, as a downscaled photo shows it.
  const double strand_px = scene.frame.R / kStrandReferenceRadiusPx;
  const double scale = std::max(1.0, strand_px);
  const int roots = static_cast<int>(kRootsPerReferenceRadius2 * kStrandReferenceRadiusPx *
                                     kStrandReferenceRadiusPx * scale * scale * look.hair_density);
  const double contrast = std::min(1.0, strand_px);
  const double light_shade = 0.55;
  for (int i = 0; i < roots; ++i) {
    const Vec3 q = Normalized({normal(rng), normal(rng), normal(rng)});
    const double r_len = unit(rng), r_turn = normal(rng), r_angle = normal(rng);
    const double r_keep = unit(rng), r_tone = unit(rng), r_density = unit(rng);
    if (q.z < HairlineHeight(q, scene.hairline_phase)) continue;
    if (Dot(NormalAt(q), cam.c) < 0.02) continue;
    if (r_density > 0.85 + 0.15 * scene.density_field.At(q)) continue;
    const Growth g = GrowthAt(scene.patches, q);
    const double shade = Shade(NormalAt(q), scene.shot.light) * (0.85 + 0.3 * r_tone);
    Vec3 dir = FlowAt(q, scene.whorl);
    const double angle = 0.35 * r_angle;
    dir = Normalized(dir * std::cos(angle) + Cross(q, dir) * std::sin(angle));
    if (r_keep < g.terminal) {
      cv::Scalar colour = Mix(look.skin_bgr * shade,
                              look.hair_bgr * (shade * (1 - light_shade) + light_shade), contrast);
      double length = 0.09 + 0.06 * r_len;
      if (g.new_hair) {  // regrowth: lighter and shorter until it matures
        colour = Mix(colour, look.skin_bgr, 0.35 * (1 - g.new_hair_maturity));
        length *= 0.7 + 0.3 * g.new_hair_maturity;
      }
      DrawStrand(image, cam, scene.frame, q, dir, length, 0.22 * r_turn, 0.03, colour, 1);
    } else if (g.bare && r_keep < g.terminal + (1 - g.terminal) * g.vellus) {
      const cv::Scalar colour = Mix(look.hair_bgr, look.skin_bgr, 1 - 0.3 * contrast);
      DrawStrand(image, cam, scene.frame, q, dir, 0.02 + 0.015 * r_len, 0.2 * r_turn, 0.005, colour,
                 1);
    }
  }
}

// Light level, white balance and sensor noise of the shot; the 8-bit photo.
cv::Mat FinishShot(cv::Mat& image, const Shot& shot, std::mt19937_64& rng) {
  cv::Mat noise(image.size(), CV_32FC3);
  cv::RNG(rng()).fill(noise, cv::RNG::NORMAL, 0, 1.8);
  cv::multiply(
      image,
      cv::Scalar(shot.brightness * shot.white_balance[0], shot.brightness * shot.white_balance[1],
                 shot.brightness * shot.white_balance[2]),
      image);
  image += noise;
  cv::Mat out;
  image.convertTo(out, CV_8UC3);
  return out;
}

}  // namespace

Result<ScalpRender> RenderScalpView(const ScalpState& state, ScalpView view,
                                    const RenderSettings& settings) {
  if (auto ok = ValidateScalpState(state); !ok) return tl::unexpected(ok.error());
  const cv::Size size = settings.size;
  if (size.width < 160 || size.height < 120 || size.width > 8192 || size.height > 8192) {
    return MakeError(ErrorCode::kInvalidArgument,
                     "size must be 160x120 .. 8192x8192, got " + std::to_string(size.width) + "x" +
                         std::to_string(size.height),
                     "size");
  }
  try {
    std::mt19937_64 rng(settings.seed * 0x9E3779B97F4A7C15ull + static_cast<int>(view) + 1);
    Scene scene;
    scene.look = &state.appearance;
    scene.view = view;
    // Person-level fields (hair density, hairline wave) come from the person's seed only, so
    // they stay put between sessions and views.
    std::mt19937_64 person_rng(state.appearance.person_seed * 0xD1B54A32D192ED03ull + 7);
    scene.density_field = MakeField(person_rng, 6, 3.0);
    scene.hairline_phase = std::uniform_real_distribution<double>(0, 2 * kPi)(person_rng);
    scene.whorl = Normalized({0.06, -0.35, 0.94});
    scene.cam = CameraOf(view);
    scene.shot = MakeShot(scene.cam, view, size, rng);
    scene.frame = {scene.shot.centre_x, scene.shot.centre_y, scene.shot.radius_px};
    for (const LossPatch& p : state.patches) scene.patches.push_back(FrameOf(p));
    const cv::Scalar& skin = state.appearance.skin_bgr;

    cv::Mat image(size, CV_32FC3);
    DrawBackground(image, rng);
    const cv::Mat background = image.clone();
    const cv::Mat mottle = SkinMottle(size, rng());
    DrawNeck(image, scene.frame, view, skin);
    const bool side_view = view == ScalpView::kLeft || view == ScalpView::kRight;
    if (!side_view) DrawEars(image, scene.frame, view, skin, 0.85);  // behind the head
    if (side_view) DrawProfile(image, scene.frame, view, skin, false);
    ScalpRender out;
    DrawHeadSkinAndTruth(image, scene, out);
    if (side_view) {  // over the head
      DrawEars(image, scene.frame, view, skin, 0.88);
      DrawProfile(image, scene.frame, view, skin, true);
    }
    if (view == ScalpView::kFront) DrawFace(image, scene.frame, skin, state.appearance.hair_bgr);
    MottleSkin(image, background, mottle);
    // Soften the drawn features to skin-like edges before the hair goes on.
    cv::GaussianBlur(image, image, cv::Size(), std::max(0.6, scene.frame.R / 500.0));
    DrawHair(image, scene, rng);
    out.bgr = FinishShot(image, scene.shot, rng);
    out.scalp_area_px = cv::countNonZero(out.scalp_mask);
    out.loss_area_px = cv::countNonZero(out.loss_mask);
    out.hair_loss_percent = out.scalp_area_px > 0 ? 100.0 * static_cast<double>(out.loss_area_px) /
                                                        static_cast<double>(out.scalp_area_px)
                                                  : 0.0;
    return out;
  } catch (const cv::Exception& e) {
    return MakeError(ErrorCode::kInternal, std::string("rendering failed: ") + e.what(), "image");
  }
}

double TruthSalt(const ScalpRender& top, const ScalpRender& back, const ScalpRender& left,
                 const ScalpRender& right) {
  return kSaltTopWeight * top.hair_loss_percent + kSaltBackWeight * back.hair_loss_percent +
         kSaltLeftWeight * left.hair_loss_percent + kSaltRightWeight * right.hair_loss_percent;
}

}  // namespace tricholog::imaging
