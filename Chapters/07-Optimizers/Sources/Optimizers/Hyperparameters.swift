// The range checks every optimizer shares (`HyperparameterCheck`, `requireValid`) are in
// NablaCore, so chapter 2's SGD is validated by the same rules as the optimizers of this chapter.
