// Operator commands for accounts: `tricholog admin create-user|reset-password|list-users`.
// Each takes --db like the store commands and acts as the local admin, audited. A password is
// read from standard input (a terminal is asked without echo) or --password-file, never from
// the command line, where other users could read it in the process list and shell history.
#include <fmt/format.h>
#include <termios.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>
#include <string>

#include "cli/command_context.h"
#include "store/open_store.h"
#include "store/store.h"

namespace tricholog::cli {
namespace {

using store::Actor;

struct AdminOptions {
  std::string db_url;
  std::string email;
  std::string role = "patient";
  std::string name;
  std::string password_file;
  bool json = false;
};

void AddDbOption(CLI::App* command, AdminOptions& options) {
  command->add_option("--db", options.db_url,
                      "Store: sqlite:PATH or postgresql://USER@HOST:PORT/DB (default: " +
                          store::DefaultDbUrl() + ")");
}

void AddPasswordOption(CLI::App* command, AdminOptions& options) {
  command->add_option("--password-file", options.password_file,
                      "Read the new password from this file (one line; default: standard input)");
}

Result<std::unique_ptr<store::Store>> Open(const std::string& db_url, store::OpenMode mode) {
  auto location = store::ParseDbLocation(db_url.empty() ? store::DefaultDbUrl() : db_url);
  if (!location) return tl::unexpected(location.error());
  return store::OpenStore(*location, store::StoreOptions{}, mode);
}

// One line from a terminal with echo off, so the password never shows on screen.
Result<std::string> AskTerminal(CommandContext& context) {
  context.err << "New password: " << std::flush;
  termios saved{};
  const bool can_hide = ::tcgetattr(STDIN_FILENO, &saved) == 0;
  if (can_hide) {
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (can_hide) ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  context.err << '\n';
  return line;
}

// The password from --password-file, or standard input: its first line, without the line end.
Result<std::string> ReadPassword(CommandContext& context, const std::string& path) {
  std::string text;
  if (path.empty() && ::isatty(STDIN_FILENO) == 1) {
    auto line = AskTerminal(context);
    if (!line) return line;
    text = std::move(*line);
  } else {
    auto read = ReadInputText(path.empty() ? "-" : path);
    if (!read) return read;
    text = std::move(*read);
  }
  if (const auto end = text.find('\n'); end != std::string::npos) text.resize(end);
  if (!text.empty() && text.back() == '\r') text.pop_back();
  if (text.empty()) {
    return MakeError(ErrorCode::kMissingField,
                     path.empty() ? "is required on standard input (or use --password-file)"
                                  : "is required; " + path + " holds no password",
                     "password");
  }
  return text;
}

nlohmann::json UserJson(const store::User& user) {
  return {{"id", user.id},
          {"email", user.email},
          {"role", store::RoleName(user.role)},
          {"display_name", user.display_name},
          {"created_at", user.created_at}};
}

void RegisterCreateUser(CLI::App& group, CommandContext& context) {
  auto options = std::make_shared<AdminOptions>();
  auto* cmd = group.add_subcommand(
      "create-user", "Create an account (a patient account gets its patient record too)");
  AddDbOption(cmd, *options);
  cmd->add_option("--email", options->email, "Sign-in email (unique)")->required();
  cmd->add_option("--role", options->role, "patient, physician or admin (default: patient)");
  cmd->add_option("--name", options->name, "Display name")->required();
  AddPasswordOption(cmd, *options);
  cmd->add_flag("--json", options->json, "Print the result as JSON");
  cmd->callback([&context, options] {
    auto role = store::ParseRole(options->role, "role");
    if (!role) return context.Fail(role.error());
    auto password = ReadPassword(context, options->password_file);
    if (!password) return context.Fail(password.error());
    auto opened = Open(options->db_url, store::OpenMode::kCreate);
    if (!opened) return context.Fail(opened.error());
    store::Store& db = **opened;
    const Actor admin = Actor::LocalAdmin();
    store::User user;
    std::string patient_id;
    auto done = db.RunInTransaction([&]() -> Result<void> {
      auto created =
          db.CreateUser(admin, {"", *role, options->email, options->name, ""}, *password);
      if (!created) return tl::unexpected(created.error());
      user = *created;
      if (*role != store::Role::kPatient) return {};
      auto patient = db.CreatePatient(admin, {"", user.id, options->name, std::nullopt, ""});
      if (!patient) return tl::unexpected(patient.error());
      patient_id = patient->id;
      return {};
    });
    if (!done) return context.Fail(done.error());
    if (options->json) {
      nlohmann::json out = {{"user", UserJson(user)}};
      if (!patient_id.empty()) out["patient_id"] = patient_id;
      return context.PrintJson(out);
    }
    context.out << fmt::format("created {} account {} (user id {}{})\n", store::RoleName(user.role),
                               user.email, user.id,
                               patient_id.empty() ? "" : ", patient record " + patient_id);
  });
}

void RegisterResetPassword(CLI::App& group, CommandContext& context) {
  auto options = std::make_shared<AdminOptions>();
  auto* cmd =
      group.add_subcommand("reset-password",
                           "Set an account's password; signs it out everywhere and lifts its "
                           "sign-in lock");
  AddDbOption(cmd, *options);
  cmd->add_option("--email", options->email, "The account's email")->required();
  AddPasswordOption(cmd, *options);
  cmd->add_flag("--json", options->json, "Print the result as JSON");
  cmd->callback([&context, options] {
    auto password = ReadPassword(context, options->password_file);
    if (!password) return context.Fail(password.error());
    auto opened = Open(options->db_url, store::OpenMode::kMustExist);
    if (!opened) return context.Fail(opened.error());
    if (auto r = (*opened)->ResetPassword(Actor::LocalAdmin(), options->email, *password); !r) {
      return context.Fail(r.error());
    }
    if (options->json) {
      return context.PrintJson({{"email", options->email}, {"password_reset", true}});
    }
    context.out << "password reset for " << options->email << "; its web sessions are ended\n";
  });
}

void RegisterListUsers(CLI::App& group, CommandContext& context) {
  auto options = std::make_shared<AdminOptions>();
  auto* cmd = group.add_subcommand("list-users", "List every account (never a password hash)");
  AddDbOption(cmd, *options);
  cmd->add_flag("--json", options->json, "Print the result as JSON");
  cmd->callback([&context, options] {
    auto opened = Open(options->db_url, store::OpenMode::kMustExist);
    if (!opened) return context.Fail(opened.error());
    auto users = (*opened)->ListUsers(Actor::LocalAdmin());
    if (!users) return context.Fail(users.error());
    if (options->json) {
      nlohmann::json list = nlohmann::json::array();
      for (const store::UserSummary& u : *users) {
        nlohmann::json row = UserJson(u.user);
        row["can_sign_in"] = u.can_sign_in;
        row["active_sessions"] = u.active_sessions;
        list.push_back(std::move(row));
      }
      return context.PrintJson({{"users", std::move(list)}});
    }
    context.out << fmt::format("{:<40} {:<10} {:<8} {:>8}  {}\n", "email", "role", "sign-in",
                               "sessions", "name");
    for (const store::UserSummary& u : *users) {
      context.out << fmt::format("{:<40} {:<10} {:<8} {:>8}  {}\n", u.user.email,
                                 store::RoleName(u.user.role), u.can_sign_in ? "yes" : "locked",
                                 u.active_sessions, u.user.display_name);
    }
  });
}

}  // namespace

void RegisterAdminCommand(CLI::App& app, CommandContext& context) {
  auto* admin = app.add_subcommand("admin", "Accounts: create-user, reset-password, list-users");
  admin->require_subcommand(1);
  RegisterCreateUser(*admin, context);
  RegisterResetPassword(*admin, context);
  RegisterListUsers(*admin, context);
}

}  // namespace tricholog::cli
