// `tricholog export --format csv --out DIR` (cli/export_formats.h; docs/csv.md): the record as
// one CSV file per kind of record, dictionary.csv and README.md, in the folder DIR.
//
// DIR is written all-or-nothing: every file goes into a new folder beside it
// (".<name>.tricholog-csv-tmp.<pid>"), each file and the folder are fsynced, then the folder is
// renamed to DIR. An existing DIR is replaced only when it is empty or was written by this
// command before (it holds the marker file .tricholog-csv-export): a folder of anything else is
// refused, never overwritten. The swap uses renameat2(RENAME_EXCHANGE), so DIR is at every
// instant either the old export or the new one. DIR may not be, hold or lie inside the store's
// files (database, -wal/-shm/-journal, photo folder).
#include <dirent.h>
#include <fcntl.h>
#include <fmt/format.h>
#include <stdio.h>  // renameat2
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <system_error>

#include "cli/export_formats.h"
#include "export/csv_export.h"
#include "io/output_file.h"

namespace tricholog::cli {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kMarker = ".tricholog-csv-export";
constexpr std::string_view kTempTag = ".tricholog-csv-tmp.";
constexpr std::string_view kField = "out";

Error IoError(const std::string& what) {
  return Error{ErrorCode::kIo, fmt::format("{}: {}", what, std::strerror(errno)),
               std::string(kField)};
}

std::vector<io::ForbiddenPath> StoreFilesOf(const store::DbLocation& location) {
  return io::StoreFiles(
      location.kind == store::DbLocation::Kind::kSqlite ? location.sqlite_path : "",
      location.blob_dir);
}

fs::path Normalised(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  if (ec) absolute = path;
  fs::path canonical = fs::weakly_canonical(absolute, ec);
  return ec ? absolute.lexically_normal() : canonical;
}

bool IsInside(const fs::path& inner, const fs::path& outer) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;
    if (i == inner.end() || *i != *o) return false;
  }
  return true;
}

// --out as a folder path: normalised, without a trailing separator ("out/" is "out").
fs::path OutDir(const std::string& out_path) {
  fs::path dir = fs::path(out_path).lexically_normal();
  if (dir.filename().empty() && dir.has_parent_path() && dir != dir.root_path()) {
    dir = dir.parent_path();
  }
  return dir;
}

// The folder's entries (names), or an error.
Result<std::vector<std::string>> Entries(const fs::path& dir) {
  std::error_code ec;
  std::vector<std::string> names;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    names.push_back(it->path().filename().string());
  }
  if (ec) {
    return MakeError(ErrorCode::kIo, fmt::format("cannot list {}: {}", dir.string(), ec.message()),
                     std::string(kField));
  }
  return names;
}

// ".<name>.tricholog-csv-tmp.<pid>" beside `dir`.
fs::path TempFolder(const fs::path& dir) {
  return dir.parent_path() /
         fmt::format(".{}{}{}", dir.filename().string(), kTempTag, static_cast<long>(::getpid()));
}

// Removes what killed exports left beside `dir`: temp folders whose process is gone.
void RemoveStaleTemps(const fs::path& dir) {
  const std::string prefix = "." + dir.filename().string() + std::string(kTempTag);
  std::error_code ec;
  for (fs::directory_iterator it(dir.parent_path(), ec), end; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) {
      continue;
    }
    const long pid = std::stol(pid_text);
    if (pid > 0 && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) {
      std::error_code rm;
      fs::remove_all(it->path(), rm);
    }
  }
}

Result<void> WriteAndSync(const fs::path& path, std::string_view text) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return tl::unexpected(IoError("cannot create " + path.string()));
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      Error e = IoError("cannot write " + path.string());
      ::close(fd);
      return tl::unexpected(e);
    }
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    Error e = IoError("cannot sync " + path.string());
    ::close(fd);
    return tl::unexpected(e);
  }
  if (::close(fd) != 0) return tl::unexpected(IoError("cannot close " + path.string()));
  return {};
}

Result<void> SyncFolder(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return tl::unexpected(IoError("cannot open " + dir.string()));
  if (::fsync(fd) != 0) {
    Error e = IoError("cannot sync " + dir.string());
    ::close(fd);
    return tl::unexpected(e);
  }
  ::close(fd);
  return {};
}

}  // namespace

Result<void> CheckCsvOutput(const std::string& out_path, const store::DbLocation& location) {
  if (out_path.empty() || out_path == "-") {
    return InvalidArgument(std::string(kField),
                           "--format csv writes a folder of files; name it with --out DIR");
  }
  const fs::path dir = OutDir(out_path);
  if (dir.filename().empty() || dir.filename() == "." || dir.filename() == "..") {
    return InvalidArgument(std::string(kField),
                           fmt::format("{} does not name a folder to write (give its name, "
                                       "e.g. {}/export)",
                                       out_path, out_path));
  }
  // Never onto the store: not its database or photo folder, nothing inside them, and no folder
  // that holds any of them (compared as normalised absolute paths, symlinks resolved).
  const std::vector<io::ForbiddenPath> store_files = StoreFilesOf(location);
  const fs::path normalised = Normalised(dir);
  for (const io::ForbiddenPath& f : store_files) {
    if (f.path.empty()) continue;
    const fs::path other = Normalised(f.path);
    if (normalised == other || IsInside(normalised, other) || IsInside(other, normalised)) {
      return InvalidArgument(
          std::string(kField),
          fmt::format("{} is, holds or lies inside {} ({}); the export never writes there",
                      out_path, f.what, f.path.string()));
    }
  }
  struct stat st {};
  if (::lstat(dir.c_str(), &st) == 0) {
    if (S_ISLNK(st.st_mode)) {
      return InvalidArgument(std::string(kField),
                             fmt::format("{} is a symbolic link; name the real folder", out_path));
    }
    if (!S_ISDIR(st.st_mode)) {
      return InvalidArgument(std::string(kField),
                             fmt::format("{} exists and is not a folder; --format csv writes a "
                                         "folder",
                                         out_path));
    }
    auto names = Entries(dir);
    if (!names) return tl::unexpected(names.error());
    bool ours = false;
    for (const std::string& n : *names) ours = ours || n == kMarker;
    if (!names->empty() && !ours) {
      return MakeError(ErrorCode::kConflict,
                       fmt::format("{} is a folder that is not empty and was not written by "
                                   "`tricholog export --format csv`; name a new or empty folder",
                                   out_path),
                       std::string(kField));
    }
  } else if (errno != ENOENT) {
    return tl::unexpected(IoError("cannot check " + out_path));
  }
  struct stat parent {};
  const fs::path up = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  if (::stat(up.c_str(), &parent) != 0 || !S_ISDIR(parent.st_mode)) {
    return MakeError(ErrorCode::kNotFound, fmt::format("the folder {} does not exist", up.string()),
                     std::string(kField));
  }
  return {};
}

Result<void> ExportCsv(CommandContext& context, const ExportRequest& request) {
  if (request.with_photos) {
    return InvalidArgument("with-photos",
                           "is for --format json and fhir; the csv export lists the photos by "
                           "reference (photos.csv)");
  }
  if (auto ok = CheckCsvOutput(request.out_path, *request.location); !ok) return ok;
  auto files = exporter::RecordToCsvFiles(request.record);
  if (!files) return tl::unexpected(files.error());
  const std::string readme = exporter::CsvReadme(request.record, *files);

  fs::path dir = OutDir(request.out_path);
  if (!dir.has_parent_path()) dir = fs::path(".") / dir;
  RemoveStaleTemps(dir);
  const fs::path temp = TempFolder(dir);
  std::error_code ec;
  fs::remove_all(temp, ec);
  if (::mkdir(temp.c_str(), 0700) != 0) {
    return tl::unexpected(IoError("cannot create " + temp.string()));
  }
  auto fail = [&](Error e) -> Result<void> {
    std::error_code rm;
    fs::remove_all(temp, rm);
    return tl::unexpected(std::move(e));
  };
  for (const exporter::CsvFile& f : *files) {
    if (auto w = WriteAndSync(temp / f.name, f.text); !w) return fail(w.error());
  }
  if (auto w = WriteAndSync(temp / "README.md", readme); !w) return fail(w.error());
  if (auto w = WriteAndSync(temp / std::string(kMarker),
                            "written by tricholog export --format csv; this folder is replaced "
                            "whole by the next export to it\n");
      !w) {
    return fail(w.error());
  }
  if (auto s = SyncFolder(temp); !s) return fail(s.error());

  struct stat st {};
  const bool replacing = ::lstat(dir.c_str(), &st) == 0;
  if (replacing) {
    // Checked again just before the swap: the folder may have changed since CheckCsvOutput.
    if (auto ok = CheckCsvOutput(request.out_path, *request.location); !ok) {
      return fail(ok.error());
    }
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, dir.c_str(), RENAME_EXCHANGE) != 0) {
      return fail(IoError("cannot replace " + dir.string()));
    }
    // `temp` now holds the previous export.
    fs::remove_all(temp, ec);
  } else if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, dir.c_str(), RENAME_NOREPLACE) != 0) {
    return fail(IoError("cannot create " + dir.string()));
  }
  if (auto s = SyncFolder(dir.parent_path()); !s) return s;

  nlohmann::json summary_files = nlohmann::json::array();
  for (const exporter::CsvFile& f : *files) {
    summary_files.push_back({{"name", f.name}, {"rows", f.rows}, {"bytes", f.text.size()}});
  }
  if (request.json) {
    context.PrintJson({{"format", "csv"},
                       {"patient_id", request.record.patient.id},
                       {"out", dir.string()},
                       {"replaced", replacing},
                       {"files", summary_files},
                       {"readme", "README.md"}});
    return {};
  }
  context.out << fmt::format("wrote {} CSV files and README.md to {} (patient {})\n", files->size(),
                             dir.string(), request.record.patient.id);
  for (const exporter::CsvFile& f : *files) {
    context.out << fmt::format("  {:<32} {:>6} rows\n", f.name, f.rows);
  }
  return {};
}

}  // namespace tricholog::cli
