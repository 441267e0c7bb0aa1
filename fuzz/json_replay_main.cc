// Deterministic replay driver for libFuzzer targets that read JSON documents, so they run as an
// ordinary ctest test under g++: feeds LLVMFuzzerTestOneInput every file named on the command
// line (a seed corpus, or a crash to reproduce), then, for each, every truncation up to 200
// bytes and 100 spread over the rest, 300 byte-flip mutants and 300 token mutants (a number or
// a string replaced by a hostile value: 4294967300, -1, 2.7, 1e999, "", null, a duplicate key...)
// from a fixed seed. Exit status 0 means every input returned; a crash or sanitizer report fails.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

std::size_t runs = 0;

void Run(const std::string& input) {
  LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
  ++runs;
}

// Positions where a JSON number or string value starts (after ':' or '[' or ',').
std::vector<std::size_t> ValueStarts(const std::string& text) {
  std::vector<std::size_t> out;
  for (std::size_t i = 1; i < text.size(); ++i) {
    const char prev = text[i - 1];
    const char c = text[i];
    if ((prev == ':' || prev == '[' || prev == ',' || prev == ' ') &&
        (c == '"' || c == '-' || (c >= '0' && c <= '9'))) {
      out.push_back(i);
    }
  }
  return out;
}

std::size_t ValueEnd(const std::string& text, std::size_t at) {
  if (text[at] == '"') {
    for (std::size_t i = at + 1; i < text.size(); ++i) {
      if (text[i] == '\\') {
        ++i;
      } else if (text[i] == '"') {
        return i + 1;
      }
    }
    return text.size();
  }
  std::size_t i = at + 1;
  while (i < text.size() && std::string_view("0123456789.eE+-").find(text[i]) != std::string::npos)
    ++i;
  return i;
}

void Mutate(const std::string& seed, std::mt19937& rng) {
  for (std::size_t n = 0; n < seed.size();
       n += (n < 200 ? 1 : std::max<std::size_t>(1, seed.size() / 100))) {
    Run(seed.substr(0, n));
  }
  for (int m = 0; m < 300 && !seed.empty(); ++m) {
    std::string mutant = seed;
    const int flips = 1 + static_cast<int>(rng() % 4);
    for (int f = 0; f < flips; ++f) mutant[rng() % mutant.size()] = static_cast<char>(rng());
    Run(mutant);
  }
  static const char* kHostile[] = {
      "4294967300",
      "4294967297",
      "-1",
      "2.7",
      "99999999999",
      "1e999",
      "-0",
      "1e308",
      "\"\"",
      "null",
      "true",
      "[]",
      "{}",
      "\"x\"",
      "\"not a time\"",
      "\"9999-99-99\"",
      "\"0000000000000000000000000000000000000000000000000000000000000000\"",
      "\"tricholog.backup/1\"",
      "\"tricholog.patient_record/1\"",
      "0",
      "3.0",
      "NaN"};
  const std::vector<std::size_t> starts = ValueStarts(seed);
  for (int m = 0; m < 300 && !starts.empty(); ++m) {
    std::string mutant = seed;
    const std::size_t at = starts[rng() % starts.size()];
    const std::size_t end = ValueEnd(mutant, at);
    mutant.replace(at, end - at, kHostile[rng() % std::size(kHostile)]);
    if (rng() % 8 == 0) {
      // A duplicate key: repeat the first member of the outermost object.
      const std::size_t brace = mutant.find('{');
      const std::size_t comma = mutant.find(',', brace);
      if (brace != std::string::npos && comma != std::string::npos) {
        mutant.insert(brace + 1, mutant.substr(brace + 1, comma - brace));
      }
    }
    Run(mutant);
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::mt19937 rng(20251202);  // fixed seed: the same inputs on every run
  int seeds = 0;
  for (int i = 1; i < argc; ++i) {
    std::ifstream in(argv[i], std::ios::binary);
    if (!in) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      return 2;
    }
    const std::string seed((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Run(seed);
    Mutate(seed, rng);
    ++seeds;
  }
  if (seeds == 0) {
    std::fprintf(stderr, "usage: %s SEED_FILE...\n", argv[0]);
    return 2;
  }
  std::printf("replayed %zu inputs from %d seeds without a crash\n", runs, seeds);
  return 0;
}
