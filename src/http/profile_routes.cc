#include "http/patient_pages_routes.h"

namespace tricholog::http {

Result<void> AddProfileRoutes(Router& router, std::shared_ptr<const PatientContext> context,
                              std::shared_ptr<const std::vector<Protocol>> catalog) {
  (void)router;
  (void)context;
  (void)catalog;
  return {};
}

}  // namespace tricholog::http
