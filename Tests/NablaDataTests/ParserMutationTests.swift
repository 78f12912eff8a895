import Foundation
import XCTest
import NablaCore
import NablaData
import NablaVerify

/// Issue 10, "prove the kinds gone": seeded mutations of valid IDX and gzip files. Every input
/// must end either parsed (and then consistent) or in an error naming the input and the problem:
/// no crash, no hang, and no allocation beyond what the input's length justifies.
final class ParserMutationTests: XCTestCase {
    /// Inputs per parser; the issue asks for at least 10,000.
    static let inputCount = 12_000
    /// The slowest a single small input may take (a hang shows as far more).
    static let slowest = 1.0

    /// Small valid IDX files of every element type, plain and gzipped.
    func idxSeeds() -> [[UInt8]] {
        let (images, labels) = tinyDataset(count: 6, rows: 3, columns: 4)
        var seeds = [images.encoded(), labels.encoded()]
        for type in IDXFile.ElementType.allCases {
            let shape = [2, 3]
            seeds.append(IDXFile(elementType: type, shape: shape, data: (0..<(6 * type.byteCount)).map { UInt8($0 * 37 % 256) }).encoded())
        }
        seeds.append(IDXFile(elementType: .unsignedByte, shape: [], data: [7]).encoded())
        return seeds + seeds.map(gzipStored) + [GzipFixtures.compressedIDX]
    }

    func testIDXMutations() throws {
        let seeds = idxSeeds()
        var mutator = InputMutator(seed: 10)
        var campaign = MutationCampaign(parser: "IDX")
        for i in 0..<Self.inputCount {
            let seed = seeds[i % seeds.count]
            let input = mutator.mutate(seed, others: seeds)
            let name = "mutant-\(i).idx"
            campaign.record {
                do {
                    let file = try IDXFile(parsing: input, file: name)
                    // Accepted: the header and the data agree.
                    XCTAssertEqual(TensorSize.elementCount(file.shape, limit: .max).map { $0 * file.elementType.byteCount }, file.data.count, name)
                    return .success(())
                } catch {
                    return .failure(rejection(error, name: name))
                }
            }
        }
        finish(campaign)
    }

    func testGzipAndDeflateMutations() throws {
        let seeds = [GzipFixtures.empty, GzipFixtures.stored, GzipFixtures.fixed, GzipFixtures.dynamic, GzipFixtures.multiBlock,
                     GzipFixtures.compressedIDX, gzipStored(skewedText(3000))]
        let limit = 1 << 20
        var mutator = InputMutator(seed: 11)
        var campaign = MutationCampaign(parser: "gzip/DEFLATE")
        for i in 0..<Self.inputCount {
            let input = mutator.mutate(seeds[i % seeds.count], others: seeds)
            let name = "mutant-\(i).gz"
            campaign.record {
                do {
                    let content = try Gzip.decompress(input, file: name, limit: limit)
                    // DEFLATE cannot expand beyond 1032:1, nor past the limit.
                    XCTAssertLessThanOrEqual(content.count, min(limit, 1032 * input.count), name)
                    return .success(())
                } catch {
                    return .failure(rejection(error, name: name))
                }
            }
            // The raw DEFLATE stream inside, without gzip's header and checksums to catch damage.
            if input.count > 10 {
                campaign.record {
                    do {
                        let (bytes, end) = try input.withUnsafeBufferPointer { try Inflate.decompress($0, startingAt: 10, limit: limit) }
                        XCTAssertLessThanOrEqual(bytes.count, limit)
                        XCTAssertLessThanOrEqual(end, input.count)
                        return .success(())
                    } catch let error as InflateError {
                        XCTAssertFalse(error.message.isEmpty)
                        return .failure(MutationRejection(message: error.message, name: ""))
                    } catch {
                        XCTFail("raw DEFLATE of \(name): \(type(of: error)) \(error)")
                        return .failure(MutationRejection(message: "\(error)", name: ""))
                    }
                }
            }
        }
        finish(campaign)
    }

    /// An error must be a NablaError whose text starts with the input's name and says something.
    func rejection(_ error: any Error, name: String) -> MutationRejection {
        let message = "\(error)"
        XCTAssertTrue(error is NablaError, "\(name): \(type(of: error)) \(message)")
        XCTAssertTrue(message.hasPrefix(name + ": ") && message.count > name.count + 10, message)
        return MutationRejection(message: message, name: name)
    }

    func finish(_ campaign: MutationCampaign) {
        print(campaign.summary)
        XCTAssertGreaterThanOrEqual(campaign.inputs, 10_000)
        XCTAssertGreaterThan(campaign.inputs - campaign.accepted, campaign.inputs / 4, "most mutations should damage the input")
        XCTAssertLessThan(campaign.slowestSeconds, Self.slowest, "an input took \(campaign.slowestSeconds) s")
        XCTAssertLessThan(campaign.memoryGrowth, 256 << 20, "peak memory grew by \(campaign.memoryGrowth) bytes")
    }
}

extension GzipFixtures {
    /// An IDX file of 4 images of 5×5 bytes (header 00 00 08 03, sizes 4, 5, 5; columns 1–3 hold
    /// 7·i mod 256, the rest 0), compressed by Python's gzip.compress at level 9: real encoder output.
    static let compressedIDX: [UInt8] = [
        0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x63, 0x60, 0xe0, 0x60, 0x66, 0x60, 0x60, 0x60, 0x01, 0x62,
        0x56, 0x30, 0x66, 0xe7, 0x13, 0x65, 0x60, 0xd0, 0x32, 0xb4, 0x60, 0x60, 0xf0, 0x0d, 0x89, 0x66, 0x60, 0x28, 0x28, 0xaf,
        0x63, 0x60, 0x98, 0x3c, 0x6b, 0x21, 0x03, 0xc3, 0xb6, 0xbd, 0x47, 0x18, 0x18, 0x6e, 0x3e, 0x78, 0xce, 0xc0, 0xf0, 0x87,
        0x99, 0x8b, 0x81, 0x41, 0x5e, 0x4d, 0x97, 0x81, 0xc1, 0xc9, 0x33, 0x80, 0x81, 0x21, 0x35, 0xa7, 0x98, 0x81, 0xa1, 0xa3,
        0x7f, 0x1a, 0x03, 0xc3, 0xea, 0x4d, 0x3b, 0x19, 0x18, 0xce, 0x5d, 0xbd, 0xc3, 0xc0, 0xf0, 0xf1, 0xc7, 0x7f, 0x06, 0x06,
        0x11, 0x69, 0x25, 0x06, 0x06, 0x73, 0x3b, 0x57, 0x06, 0x86, 0xa8, 0xc4, 0x0c, 0x06, 0x86, 0xda, 0x96, 0x6e, 0x06, 0x86,
        0x05, 0xcb, 0xd7, 0x31, 0x00, 0x00, 0xf5, 0x2a, 0x22, 0xb2, 0x74, 0x00, 0x00, 0x00,
    ]
}
