//! Graph builder, primitives, autodiff and StableHLO printer (in progress).
