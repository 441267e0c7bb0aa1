#include "imaging/shaft_graph.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <opencv2/imgproc.hpp>

namespace tricholog::imaging {
namespace {

constexpr double kMaxTurnDeg =
    35.0;  // good continuation: a shaft turns less than this at a crossing
// A branch from a free end into a junction no longer than two shaft widths (four
// half-widths) is a spur of the blob's outline, not a shaft: shafts are >= 2.5 widths.
constexpr double kSpurRadii = 4.0;
constexpr int kDx[8] = {0, 1, 1, 1, 0, -1, -1, -1};
constexpr int kDy[8] = {-1, -1, 0, 1, 1, 1, 0, -1};

struct Edge {
  std::vector<cv::Point> pixels;  // ordered from node[0] side to node[1] side
  int node[2] = {-1, -1};
  cv::Point2d dir_into_node[2];  // unit direction of travel arriving at node[s]
  double length = 0;
  std::vector<float> widths;  // width samples away from the ends
  bool removed = false;
};

struct Node {
  cv::Point2d centre;
  double radius = 0;                          // distance to background at the node
  std::vector<std::pair<int, int>> incident;  // (edge, side)
  int Degree(const std::vector<Edge>& edges) const {
    return static_cast<int>(std::count_if(incident.begin(), incident.end(), [&](const auto& es) {
      return !edges[es.first].removed;
    }));
  }
};

int CountNeighbours(const cv::Mat& skel, int y, int x) {
  int count = 0;
  for (int k = 0; k < 8; ++k) count += skel.at<std::uint8_t>(y + kDy[k], x + kDx[k]) != 0;
  return count;
}

int Find(std::vector<int>& parent, int i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

struct Graph {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
};

// Loops read the deadline once per this many steps (a clock read costs about 25 ns).
constexpr std::size_t kDeadlineStride = 256;

bool Expired(const Deadline* deadline) { return deadline != nullptr && deadline->Expired(); }

// Node pixels: ends (1 neighbour) and junctions (3+). Junction pixels closer than the
// local shaft width are one node (a crossing of thick shafts thins into several).
cv::Mat LabelNodes(const cv::Mat& skel, const cv::Mat& distance, Graph& graph,
                   const Deadline* deadline) {
  cv::Mat node_id(skel.size(), CV_32S, cv::Scalar(-1));
  std::vector<cv::Point> points;
  std::vector<int> is_junction;
  for (int y = 1; y < skel.rows - 1; ++y) {
    for (int x = 1; x < skel.cols - 1; ++x) {
      if (!skel.at<std::uint8_t>(y, x)) continue;
      const int n = CountNeighbours(skel, y, x);
      if (n == 1 || n >= 3) {
        points.emplace_back(x, y);
        is_junction.push_back(n >= 3);
      }
    }
  }
  std::vector<int> parent(points.size());
  std::iota(parent.begin(), parent.end(), 0);
  std::vector<std::size_t> junctions;
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (is_junction[i]) junctions.push_back(i);
  }
  // Quadratic in the junctions: a noise field has hundreds of thousands of them.
  for (std::size_t a = 0; a < junctions.size(); ++a) {
    if (a % kDeadlineStride == 0 && Expired(deadline)) return node_id;
    const cv::Point pa = points[junctions[a]];
    const double ra = distance.at<float>(pa);
    for (std::size_t b = a + 1; b < junctions.size(); ++b) {
      const cv::Point pb = points[junctions[b]];
      const double reach = ra + distance.at<float>(pb) + 1.5;
      if (std::abs(pa.x - pb.x) > reach || std::abs(pa.y - pb.y) > reach) continue;
      if (std::hypot(pa.x - pb.x, pa.y - pb.y) <= reach) {
        parent[Find(parent, static_cast<int>(junctions[a]))] =
            Find(parent, static_cast<int>(junctions[b]));
      }
    }
  }
  std::vector<int> root_to_node(points.size(), -1);
  std::vector<int> members(points.size(), 0);
  for (std::size_t i = 0; i < points.size(); ++i) {
    const int root = Find(parent, static_cast<int>(i));
    if (root_to_node[root] < 0) {
      root_to_node[root] = static_cast<int>(graph.nodes.size());
      graph.nodes.push_back(Node{});
    }
    Node& node = graph.nodes[root_to_node[root]];
    const int m = ++members[root];
    node.centre += (cv::Point2d(points[i]) - node.centre) / m;
    node.radius = std::max(node.radius, static_cast<double>(distance.at<float>(points[i])));
    node_id.at<int>(points[i]) = root_to_node[root];
  }
  return node_id;
}

// Walks the chain of non-node skeleton pixels starting at `start`, marking them visited.
std::vector<cv::Point> WalkChain(const cv::Mat& skel, const cv::Mat& node_id, cv::Mat& visited,
                                 cv::Point start) {
  std::vector<cv::Point> chain{start};
  visited.at<std::uint8_t>(start) = 1;
  cv::Point current = start;
  for (bool moved = true; moved;) {
    moved = false;
    for (int k = 0; k < 8; ++k) {
      const cv::Point next(current.x + kDx[k], current.y + kDy[k]);
      if (skel.at<std::uint8_t>(next) && node_id.at<int>(next) < 0 &&
          !visited.at<std::uint8_t>(next)) {
        visited.at<std::uint8_t>(next) = 1;
        chain.push_back(next);
        current = next;
        moved = true;
        break;
      }
    }
  }
  return chain;
}

// The node touching chain end `p` (8-neighbourhood), preferring one other than `not_this`.
int TouchingNode(const cv::Mat& node_id, cv::Point p, int not_this) {
  int found = -1;
  for (int k = 0; k < 8; ++k) {
    const int id = node_id.at<int>(p.y + kDy[k], p.x + kDx[k]);
    if (id >= 0 && (found < 0 || id != not_this)) found = id;
  }
  return found;
}

cv::Point2d Unit(cv::Point2d v) {
  const double n = std::hypot(v.x, v.y);
  return n > 1e-9 ? v / n : cv::Point2d(0, 0);
}

float Sample(const cv::Mat& image, double x, double y) {
  const int x0 = static_cast<int>(std::floor(x)), y0 = static_cast<int>(std::floor(y));
  if (x0 < 0 || y0 < 0 || x0 + 1 >= image.cols || y0 + 1 >= image.rows) return 0.0f;
  const double fx = x - x0, fy = y - y0;
  const auto v = [&](int dy, int dx) {
    return static_cast<double>(image.at<std::uint8_t>(y0 + dy, x0 + dx));
  };
  return static_cast<float>((v(0, 0) * (1 - fx) + v(0, 1) * fx) * (1 - fy) +
                            (v(1, 0) * (1 - fx) + v(1, 1) * fx) * fy);
}

// Full width at half maximum of `darkness` across the shaft at `p`, along `normal`;
// 0 when the profile does not fall to half within `max_half_px` on both sides.
float CrossWidth(const cv::Mat& darkness, cv::Point2d p, cv::Point2d normal, double max_half_px) {
  const float peak = Sample(darkness, p.x, p.y);
  if (peak <= 4.0f) return 0.0f;
  constexpr double kStep = 0.25;
  double reach[2] = {0, 0};
  for (int side = 0; side < 2; ++side) {
    const cv::Point2d dir = side == 0 ? normal : -normal;
    double previous = peak, t = 0;
    for (t = kStep; t <= max_half_px; t += kStep) {
      const float value = Sample(darkness, p.x + dir.x * t, p.y + dir.y * t);
      if (value < peak / 2) {
        reach[side] = t - kStep * (peak / 2 - value) / std::max(1e-3, previous - value);
        break;
      }
      previous = value;
    }
    if (t > max_half_px) return 0.0f;
  }
  return static_cast<float>(reach[0] + reach[1]);
}

void FinishEdge(Edge& edge, const cv::Mat& distance, const cv::Mat& darkness,
                const std::vector<Node>& nodes) {
  const auto& px = edge.pixels;
  const int n = static_cast<int>(px.size());
  for (int i = 1; i < n; ++i)
    edge.length += std::hypot(px[i].x - px[i - 1].x, px[i].y - px[i - 1].y);
  double max_half_width = 0;
  for (const cv::Point& p : px)
    max_half_width = std::max(max_half_width, static_cast<double>(distance.at<float>(p)));
  const int reach = std::min(n - 1, std::max(3, static_cast<int>(2 * max_half_width)));
  cv::Point2d ends[2] = {cv::Point2d(px.front()), cv::Point2d(px.back())};
  for (int s = 0; s < 2; ++s) {
    if (edge.node[s] >= 0) {
      ends[s] = nodes[edge.node[s]].centre;
      edge.length += std::hypot(ends[s].x - (s == 0 ? px.front().x : px.back().x),
                                ends[s].y - (s == 0 ? px.front().y : px.back().y));
    }
  }
  const cv::Point2d inner0 = px[std::min(reach, n - 1)], inner1 = px[std::max(0, n - 1 - reach)];
  edge.dir_into_node[0] = Unit(ends[0] - inner0);
  edge.dir_into_node[1] = Unit(ends[1] - inner1);
  // Width samples: skip one local width at each end (junction blobs and tapered tips).
  const int margin = static_cast<int>(std::ceil(1.5 * max_half_width));
  constexpr int kTangentSpan = 3;
  for (int i = 0; i < n; ++i) {
    if (n > 2 * margin + 2 && (i < margin || i >= n - margin)) continue;
    const cv::Point2d tangent = Unit(
        cv::Point2d(px[std::min(n - 1, i + kTangentSpan)] - px[std::max(0, i - kTangentSpan)]));
    float width = 0;
    if (tangent.x != 0 || tangent.y != 0) {
      width = CrossWidth(darkness, cv::Point2d(px[i]), cv::Point2d(-tangent.y, tangent.x),
                         3 * max_half_width + 4);
    }
    edge.widths.push_back(width > 0 ? width : 2.0f * distance.at<float>(px[i]) - 1.0f);
  }
}

Graph BuildGraph(const cv::Mat& skel, const cv::Mat& distance, const cv::Mat& darkness,
                 const Deadline* deadline) {
  Graph graph;
  const cv::Mat node_id = LabelNodes(skel, distance, graph, deadline);
  if (Expired(deadline)) return graph;
  cv::Mat visited = cv::Mat::zeros(skel.size(), CV_8UC1);
  for (int y = 1; y < skel.rows - 1; ++y) {
    if (Expired(deadline)) return graph;
    for (int x = 1; x < skel.cols - 1; ++x) {
      if (!skel.at<std::uint8_t>(y, x) || node_id.at<int>(y, x) >= 0 ||
          visited.at<std::uint8_t>(y, x))
        continue;
      // Start from a chain end (a pixel with at most one chain neighbour) when there is one.
      cv::Point start(x, y);
      std::vector<cv::Point> first = WalkChain(skel, node_id, visited, start);
      std::vector<cv::Point> second;
      // The walk went one way from (x, y); walk the other way from (x, y) too.
      visited.at<std::uint8_t>(start) = 0;
      second = WalkChain(skel, node_id, visited, start);
      Edge edge;
      edge.pixels.assign(second.rbegin(), second.rend());
      edge.pixels.insert(edge.pixels.end(), first.begin() + 1, first.end());
      edge.node[0] = TouchingNode(node_id, edge.pixels.front(), -1);
      edge.node[1] = TouchingNode(node_id, edge.pixels.back(), edge.node[0]);
      if (edge.node[1] == edge.node[0] && edge.pixels.size() < 3)
        continue;  // a knot inside one junction
      FinishEdge(edge, distance, darkness, graph.nodes);
      const int index = static_cast<int>(graph.edges.size());
      for (int s = 0; s < 2; ++s) {
        if (edge.node[s] >= 0) graph.nodes[edge.node[s]].incident.emplace_back(index, s);
      }
      graph.edges.push_back(std::move(edge));
    }
  }
  return graph;
}

// Removes thinning spurs: a branch from a free end to a junction no longer than two of
// the junction's widths.
void PruneSpurs(Graph& graph) {
  for (Edge& edge : graph.edges) {
    for (int s = 0; s < 2; ++s) {
      const int end = edge.node[s], other = edge.node[1 - s];
      if (end < 0 || other < 0 || graph.nodes[end].Degree(graph.edges) != 1) continue;
      if (graph.nodes[other].Degree(graph.edges) < 3) continue;
      if (edge.length <= kSpurRadii * graph.nodes[other].radius) edge.removed = true;
    }
  }
}

// A short edge between two junctions: what a shallow crossing of two shafts thins into.
// Both shafts run along it, so it may be used twice.
bool IsBridge(const Graph& graph, int e) {
  const Edge& edge = graph.edges[e];
  if (edge.node[0] < 0 || edge.node[1] < 0) return false;
  const Node& a = graph.nodes[edge.node[0]];
  const Node& b = graph.nodes[edge.node[1]];
  return a.Degree(graph.edges) >= 3 && b.Degree(graph.edges) >= 3 &&
         edge.length <= 2.0 * (a.radius + b.radius) + 2;
}

// At node `n`, heading along `direction`, the available edge that turns least (< kMaxTurnDeg).
std::pair<int, int> Continue(const Graph& graph, const std::vector<int>& used, int n,
                             cv::Point2d direction) {
  std::pair<int, int> best{-1, -1};
  double best_cos = std::cos(kMaxTurnDeg * CV_PI / 180.0);
  for (const auto& [e, s] : graph.nodes[n].incident) {
    if (graph.edges[e].removed || used[e] >= (IsBridge(graph, e) ? 2 : 1)) continue;
    const cv::Point2d leaving = -graph.edges[e].dir_into_node[s];
    const double c = direction.dot(leaving);
    if (c > best_cos) {
      best_cos = c;
      best = {e, s};
    }
  }
  return best;
}

// Extends a shaft from edge `e` out of its side `side`, appending the edges it passes.
// The heading is carried over bridges, whose own direction is the average of the two
// crossing shafts.
void Extend(const Graph& graph, std::vector<int>& used, int e, int side, std::vector<int>& path,
            cv::Point2d& end) {
  cv::Point2d heading = graph.edges[e].dir_into_node[side];
  for (int guard = 0; guard < 10000; ++guard) {
    const int n = graph.edges[e].node[side];
    if (n < 0) return;
    end = graph.nodes[n].centre;
    const auto [next, next_side] = Continue(graph, used, n, heading);
    if (next < 0 || std::find(path.begin(), path.end(), next) != path.end()) return;
    ++used[next];
    path.push_back(next);
    e = next;
    side = 1 - next_side;
    if (!IsBridge(graph, e)) heading = graph.edges[e].dir_into_node[side];
  }
}

Shaft MakeShaft(const Graph& graph, const std::vector<int>& path, cv::Point2d end) {
  Shaft shaft;
  shaft.end = end;
  std::vector<float> widths;
  for (int e : path) {
    shaft.length_px += graph.edges[e].length;
    widths.insert(widths.end(), graph.edges[e].widths.begin(), graph.edges[e].widths.end());
  }
  if (!widths.empty()) {
    std::nth_element(widths.begin(),
                     widths.begin() + static_cast<std::ptrdiff_t>(widths.size() / 2), widths.end());
    shaft.width_px = std::max(1.0f, widths[widths.size() / 2]);
  }
  return shaft;
}

// True when the set neighbours of `p` (0/1 image) stay 8-connected among themselves
// without `p`, i.e. removing `p` cannot split the skeleton locally.
bool NeighboursConnectedWithout(const cv::Mat& image, cv::Point p) {
  int set[8], count = 0;
  for (int k = 0; k < 8; ++k) {
    if (image.at<std::uint8_t>(p.y + kDy[k], p.x + kDx[k])) set[count++] = k;
  }
  if (count < 2) return false;
  int reached = 1, frontier[8] = {set[0]}, seen = 1 << set[0];
  for (int head = 0; head < reached; ++head) {
    const int a = frontier[head];
    for (int i = 0; i < count; ++i) {
      const int b = set[i];
      if ((seen >> b) & 1) continue;
      if (std::abs(kDx[a] - kDx[b]) <= 1 && std::abs(kDy[a] - kDy[b]) <= 1) {
        seen |= 1 << b;
        frontier[reached++] = b;
      }
    }
  }
  return reached == count;
}

// Zhang-Suen leaves 4-connected corners on diagonal runs ("staircases"), whose pixels have
// three neighbours and would read as junctions. A corner pixel (two orthogonal neighbours
// set) whose neighbours stay connected without it is removed, in one sequential pass.
void RemoveStaircasePixels(cv::Mat& image) {
  for (int y = 1; y < image.rows - 1; ++y) {
    for (int x = 1; x < image.cols - 1; ++x) {
      if (!image.at<std::uint8_t>(y, x)) continue;
      const bool n = image.at<std::uint8_t>(y - 1, x), e = image.at<std::uint8_t>(y, x + 1);
      const bool s = image.at<std::uint8_t>(y + 1, x), w = image.at<std::uint8_t>(y, x - 1);
      if (!((n && e) || (e && s) || (s && w) || (w && n))) continue;
      if (NeighboursConnectedWithout(image, {x, y})) image.at<std::uint8_t>(y, x) = 0;
    }
  }
}

}  // namespace

cv::Mat ThinMask(const cv::Mat& mask, const Deadline* deadline) {
  cv::Mat image;
  cv::copyMakeBorder(mask != 0, image, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
  image /= 255;
  std::vector<cv::Point> candidates;
  for (int y = 1; y < image.rows - 1; ++y) {
    for (int x = 1; x < image.cols - 1; ++x) {
      if (image.at<std::uint8_t>(y, x)) candidates.emplace_back(x, y);
    }
  }
  std::vector<cv::Point> to_clear;
  for (bool changed = true; changed && !Expired(deadline);) {
    changed = false;
    for (int pass = 0; pass < 2; ++pass) {
      to_clear.clear();
      for (const cv::Point& p : candidates) {
        const auto at = [&](int k) { return image.at<std::uint8_t>(p.y + kDy[k], p.x + kDx[k]); };
        if (!image.at<std::uint8_t>(p)) continue;
        int b = 0, a = 0;
        for (int k = 0; k < 8; ++k) {
          b += at(k);
          a += at(k) == 0 && at((k + 1) % 8) == 1;
        }
        if (b < 2 || b > 6 || a != 1) continue;
        // P2=N(0) P4=E(2) P6=S(4) P8=W(6).
        if (pass == 0 && (at(0) * at(2) * at(4) != 0 || at(2) * at(4) * at(6) != 0)) continue;
        if (pass == 1 && (at(0) * at(2) * at(6) != 0 || at(0) * at(4) * at(6) != 0)) continue;
        to_clear.push_back(p);
      }
      for (const cv::Point& p : to_clear) image.at<std::uint8_t>(p) = 0;
      changed = changed || !to_clear.empty();
    }
    std::erase_if(candidates, [&](const cv::Point& p) { return image.at<std::uint8_t>(p) == 0; });
  }
  RemoveStaircasePixels(image);
  return image(cv::Rect(1, 1, mask.cols, mask.rows)) * 255;
}

std::vector<Shaft> TraceShafts(const cv::Mat& mask, const cv::Mat& darkness,
                               const Deadline* deadline) {
  cv::Mat padded, padded_darkness;
  cv::copyMakeBorder(darkness, padded_darkness, 1, 1, 1, 1, cv::BORDER_REPLICATE);
  cv::copyMakeBorder(mask != 0, padded, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
  cv::Mat distance;
  cv::distanceTransform(padded, distance, cv::DIST_L2, cv::DIST_MASK_5);
  cv::Mat skel;
  cv::copyMakeBorder(ThinMask(mask, deadline), skel, 1, 1, 1, 1, cv::BORDER_CONSTANT, 0);
  if (Expired(deadline)) return {};
  Graph graph = BuildGraph(skel, distance, padded_darkness, deadline);
  if (Expired(deadline)) return {};
  PruneSpurs(graph);

  // Every shaft is traced from a free end (its tip or root), free-ended edges first and
  // longer first. Edges left over afterwards lie between junctions only: they are pieces
  // of shafts already traced (the sides of a crossing, an outline loop of a merged
  // follicular unit) and are not counted again.
  std::vector<int> order(graph.edges.size());
  std::iota(order.begin(), order.end(), 0);
  const auto at_free_end = [&](int e) {
    for (int s = 0; s < 2; ++s) {
      const int n = graph.edges[e].node[s];
      if (n < 0 || graph.nodes[n].Degree(graph.edges) == 1) return true;
    }
    return false;
  };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    const bool fa = at_free_end(a), fb = at_free_end(b);
    if (fa != fb) return fa;
    return graph.edges[a].length > graph.edges[b].length;
  });
  std::vector<int> used(graph.edges.size(), 0);
  std::vector<Shaft> shafts;
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i % kDeadlineStride == 0 && Expired(deadline)) return {};
    const int e = order[i];
    if (used[e] > 0 || graph.edges[e].removed) continue;
    if (!at_free_end(e)) continue;
    used[e] = 1;
    std::vector<int> path{e};
    cv::Point2d end0 = cv::Point2d(graph.edges[e].pixels.front());
    cv::Point2d end1 = cv::Point2d(graph.edges[e].pixels.back());
    if (graph.edges[e].node[0] >= 0) Extend(graph, used, e, 0, path, end0);
    if (graph.edges[e].node[1] >= 0) Extend(graph, used, e, 1, path, end1);
    Shaft shaft = MakeShaft(graph, path, end0);
    shaft.other_end = end1;
    shaft.end -= cv::Point2d(1, 1);  // undo the padding
    shaft.other_end -= cv::Point2d(1, 1);
    shafts.push_back(shaft);
  }
  return shafts;
}

}  // namespace tricholog::imaging
