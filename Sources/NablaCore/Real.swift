import Foundation

/// The scalar types a `Tensor` can hold: `Float` for training, `Double` for gradient checks.
///
/// Generic code is written once over `Real` and specialised by the compiler for each type.
/// The elementary functions are requirements so that generic layers can call them.
public protocol Real: BinaryFloatingPoint, SIMDScalar, Sendable, LosslessStringConvertible, Codable
where RawSignificand: FixedWidthInteger {
    static func exp(_ x: Self) -> Self
    static func log(_ x: Self) -> Self
    static func log1p(_ x: Self) -> Self
    static func tanh(_ x: Self) -> Self
    static func pow(_ x: Self, _ y: Self) -> Self
}

extension Float: Real {
    @inlinable public static func exp(_ x: Float) -> Float { expFloat(x) }
    @inlinable public static func log(_ x: Float) -> Float { logFloat(x) }
    @inlinable public static func log1p(_ x: Float) -> Float { log1pFloat(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { tanhFloat(x) }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { powFloat(x, y) }
}

extension Double: Real {
    @inlinable public static func exp(_ x: Double) -> Double { expDouble(x) }
    @inlinable public static func log(_ x: Double) -> Double { logDouble(x) }
    @inlinable public static func log1p(_ x: Double) -> Double { log1pDouble(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { tanhDouble(x) }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { powDouble(x, y) }
}

// The C math library's functions, under names that do not collide with the static requirements.
@usableFromInline func expFloat(_ x: Float) -> Float { exp(x) }
@usableFromInline func logFloat(_ x: Float) -> Float { log(x) }
@usableFromInline func log1pFloat(_ x: Float) -> Float { log1p(x) }
@usableFromInline func tanhFloat(_ x: Float) -> Float { tanh(x) }
@usableFromInline func powFloat(_ x: Float, _ y: Float) -> Float { pow(x, y) }
@usableFromInline func expDouble(_ x: Double) -> Double { exp(x) }
@usableFromInline func logDouble(_ x: Double) -> Double { log(x) }
@usableFromInline func log1pDouble(_ x: Double) -> Double { log1p(x) }
@usableFromInline func tanhDouble(_ x: Double) -> Double { tanh(x) }
@usableFromInline func powDouble(_ x: Double, _ y: Double) -> Double { pow(x, y) }
