#pragma once
// Shared by Chapter 8's tests: the communicator of the test program (see
// test_main.cpp); the small data sets are Chapter 7's.
#include "blocks/dist/mpi_environment.hpp"
#include "ch07_test_support.hpp"

namespace ch08_test {

// All ranks of the test program.
const blocks::dist::Communicator& world();

}  // namespace ch08_test
