// Output files written safely: every file a command writes goes through here.
//
// WriteFileAtomically writes to a temporary file in the target's own folder, fsyncs it, renames
// it over the target and fsyncs the folder, so a crash, a kill or a full disk leaves either the
// previous file or the whole new one, never a partial file. CheckOutputPath refuses targets that
// must never be written: device files, FIFOs, sockets, folders, symlinks, and any file that is
// one of a command's inputs or one of the store's own files.
#ifndef TRICHOLOG_IO_OUTPUT_FILE_H_
#define TRICHOLOG_IO_OUTPUT_FILE_H_

#include <sys/types.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace tricholog::io {

// A path an output may not land on. `path` is compared by identity (same device and inode when
// both exist, else the same normalised absolute path); when `whole_tree` is set (a store's blob
// folder), anything inside it is refused too. `what` names it in the error ("the store's
// database", "the input photo").
struct ForbiddenPath {
  std::filesystem::path path;
  std::string what;
  bool whole_tree = false;
};

// Refuses `path` as an output: kInvalidArgument naming `field` when it exists and is not a
// regular file (device, FIFO, socket, folder), when it is a symlink (never followed), when its
// folder does not exist, or when it is the same file as (or, for a whole_tree entry, inside) one
// of `forbidden`. Reads only metadata; writes nothing.
Result<void> CheckOutputPath(const std::filesystem::path& path,
                             const std::vector<ForbiddenPath>& forbidden, std::string_view field);

// The files of a SQLite store at `sqlite_path` that no output may overwrite: the database, its
// -wal, -shm and -journal files, and the blob folder `blob_dir` (as a whole tree).
std::vector<ForbiddenPath> StoreFiles(const std::filesystem::path& sqlite_path,
                                      const std::filesystem::path& blob_dir);

// Replaces `path` with `bytes` atomically (see the file comment). The temporary file is
// ".<name>.tricholog-tmp.<pid>.<random>" beside the target, created with `mode` (before the
// umask); stale temporary files of the same target left by killed processes are removed first.
// Refuses a target that exists and is not a regular file (or is a symlink), like
// CheckOutputPath. On failure the previous file is untouched, the temporary file is removed and
// the error (kIo, naming `field`) says why; a full disk or a file-size limit says so plainly.
Result<void> WriteFileAtomically(const std::filesystem::path& path,
                                 std::span<const std::uint8_t> bytes, std::string_view field,
                                 mode_t mode = 0666);
// The same for text.
Result<void> WriteFileAtomically(const std::filesystem::path& path, std::string_view text,
                                 std::string_view field, mode_t mode = 0666);

// True when `name` is the name of one of WriteFileAtomically's temporary files (any target).
bool IsOutputTempFileName(std::string_view name);

}  // namespace tricholog::io

#endif  // TRICHOLOG_IO_OUTPUT_FILE_H_
