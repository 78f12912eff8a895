/// Every chapter's exercises, in the book's order.
public func allExercises() -> [AnyExercise] {
    LinearClassifiersExercises.all + BackpropExercises.all + MLPExercises.all + CNNExercises.all + RegularizationExercises.all + InitializationExercises.all + OptimizersExercises.all + DeepExercises.all
}
