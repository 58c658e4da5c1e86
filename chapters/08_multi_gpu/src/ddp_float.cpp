// DataParallelTrainer<float>: one instantiation per file keeps each
// translation unit small.
#include "ddp_impl.hpp"

template class blocks::dist::DataParallelTrainer<float>;
