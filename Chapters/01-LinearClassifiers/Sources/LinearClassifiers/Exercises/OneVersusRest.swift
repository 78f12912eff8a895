import NablaCore

/// Exercise 1.4 — One-vs-rest: K classes from K binary logistic classifiers. The text:
/// Chapters/01-LinearClassifiers/EXERCISES.md #4.
///
/// For each class k, train a binary classifier (exercise 1.3's loss, gradient descent from zero
/// weights for `steps` steps at `learningRate`) to tell class k (label 1) from all the others
/// (label 0). Put classifier k's weights in column k of a `LinearClassifier` and its bias in
/// entry k: `predict` then picks the class whose classifier is most confident.
///
/// Shapes: data.inputs [N, D]; the result's weights [D, K] and bias [K].
/// Check it: `nabla exercises check one-vs-rest`.
public func trainOneVersusRest<Scalar: Real>(_ data: LabeledData<Scalar>, learningRate: Scalar, steps: Int) throws
    -> LinearClassifier<Scalar> {
    // Your code.
    throw NotImplemented("Chapters/01-LinearClassifiers/EXERCISES.md #4")
}
