/// Every chapter's exercises, in the book's order.
public func allExercises() -> [AnyExercise] {
    BackpropExercises.all
}
