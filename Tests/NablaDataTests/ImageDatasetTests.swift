import XCTest
import NablaCore
import NablaData
import NablaTestSupport

final class ImageDatasetTests: XCTestCase {
    func makeDataset(count: Int) throws -> ImageDataset {
        let (images, labels) = tinyDataset(count: count)
        return try ImageDataset(images: images, labels: labels, imagesPath: "images", labelsPath: "labels")
    }

    func testSplitIsSeededDisjointAndComplete() throws {
        let dataset = try makeDataset(count: 50)
        let (training, validation) = dataset.split(validationCount: 10, seed: 3)
        XCTAssertEqual(training.count, 40)
        XCTAssertEqual(validation.count, 10)
        let again = dataset.split(validationCount: 10, seed: 3)
        XCTAssertEqual(again.training, training)
        XCTAssertEqual(again.validation, validation)
        XCTAssertNotEqual(dataset.split(validationCount: 10, seed: 4).validation, validation)
        // Image i starts with pixel 7i mod 256, which tells the 50 images apart.
        func identities(_ part: ImageDataset) -> [UInt8] { (0..<part.count).map { part.image($0).first! } }
        XCTAssertEqual(Set(identities(dataset)).count, 50)
        let all = Set(identities(dataset)), trainIDs = Set(identities(training)), validationIDs = Set(identities(validation))
        XCTAssertTrue(trainIDs.isDisjoint(with: validationIDs))
        XCTAssertEqual(trainIDs.union(validationIDs), all)
    }

    /// Splitting in place gives what `split` gives, and a dataset that alone holds its pixels
    /// keeps them where they are: MNIST's training images are never copied to split them.
    func testSplittingInPlaceMovesNoPixels() throws {
        let (expectedTraining, expectedValidation) = try makeDataset(count: 50).split(validationCount: 10, seed: 3)
        var dataset = try makeDataset(count: 50)
        let before = dataset.images.withUnsafeBufferPointer { $0.baseAddress }
        let validation = dataset.splitOffValidation(count: 10, seed: 3)
        XCTAssertEqual(dataset, expectedTraining)
        XCTAssertEqual(validation, expectedValidation)
        XCTAssertEqual(dataset.images.withUnsafeBufferPointer { $0.baseAddress }, before, "the pixels were copied")
        var all = try makeDataset(count: 7)
        XCTAssertEqual(all.splitOffValidation(count: 0, seed: 1).count, 0)
        XCTAssertEqual(all.count, 7)
        XCTAssertEqual(all.splitOffValidation(count: 7, seed: 1).count, 7)
        XCTAssertEqual(all.count, 0)
    }

    func testNormalizationStatisticsAndValues() {
        // Pixels 0 and 255 in equal numbers: x/255 is 0 or 1, so mean 0.5 and standard deviation 0.5.
        let dataset = ImageDataset(images: [0, 255, 255, 0, 0, 255, 255, 0], labels: [0, 1], rows: 2, columns: 2)
        let normalization = Normalization(statisticsOf: dataset)
        XCTAssertEqual(normalization.mean, 0.5, accuracy: 1e-15)
        XCTAssertEqual(normalization.standardDeviation, 0.5, accuracy: 1e-15)
        XCTAssertEqual(normalization(UInt8(0)) as Double, -1)
        XCTAssertEqual(normalization(UInt8(255)) as Double, 1)

        // Against the textbook two-pass formula on uneven data.
        let pixels: [UInt8] = [3, 9, 27, 81, 243, 0, 1, 2, 200]
        let scaled = pixels.map { Double($0) / 255 }
        let mean = scaled.reduce(0, +) / 9
        let deviation = (scaled.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 9).squareRoot()
        let uneven = Normalization(statisticsOf: ImageDataset(images: pixels, labels: [0], rows: 3, columns: 3))
        XCTAssertEqual(uneven.mean, mean, accuracy: 1e-15)
        XCTAssertEqual(uneven.standardDeviation, deviation, accuracy: 1e-15)

        let flat = Normalization(statisticsOf: ImageDataset(images: [7, 7], labels: [0, 0], rows: 1, columns: 1))
        XCTAssertEqual(flat.standardDeviation, 1)
    }

    func testFillBatchNormalisesTheChosenImages() throws {
        let dataset = try makeDataset(count: 6)
        let normalization = Normalization(mean: 0.25, standardDeviation: 0.5)
        let indices = [4, 1, 5][...]
        var images = [Float](repeating: .nan, count: 3 * 6), labels = [Float](repeating: .nan, count: 3)
        images.withUnsafeMutableBufferPointer { imageBuffer in
            labels.withUnsafeMutableBufferPointer { labelBuffer in
                dataset.fillBatch(indices: indices, normalization: normalization, images: imageBuffer, labels: labelBuffer)
            }
        }
        for (row, index) in indices.enumerated() {
            for p in 0..<6 {
                let pixel = dataset.images[index * 6 + p]
                XCTAssertEqual(images[row * 6 + p], Float((Double(pixel) / 255 - 0.25) / 0.5))
            }
        }
        XCTAssertEqual(labels, [4, 1, 5])

        let (imageTensor, labelTensor) = dataset.batch(indices: indices, normalization: normalization, as: Double.self)
        XCTAssertEqual(imageTensor.shape, [3, 6])
        XCTAssertEqual(labelTensor.scalars, [4, 1, 5])
        XCTAssertEqual(imageTensor.scalars.map { Float($0) }, images)
    }

    func testReusedTensorsChangeShapeOnlyWithTheBatchSize() throws {
        let dataset = try makeDataset(count: 5)
        var images = Tensor<Float>(zeros: [0]), labels = Tensor<Float>(zeros: [0])
        var generator = RandomGenerator(seed: 1)
        let batches = dataset.shuffledBatches(batchSize: 2, generator: &generator)
        // A last batch of one is merged into the one before (see trainingBatchRanges).
        XCTAssertEqual(batches.map(\.count), [2, 3])
        XCTAssertEqual(batches.flatMap { $0 }.sorted(), Array(0..<5))
        for batch in batches {
            dataset.fillBatch(indices: batch, normalization: .unitRange, images: &images, labels: &labels)
            XCTAssertEqual(images.shape, [batch.count, 6])
            XCTAssertEqual(labels.scalars, batch.map { Float($0 % 10) })
        }
        var same = RandomGenerator(seed: 1)
        XCTAssertEqual(dataset.shuffledBatches(batchSize: 2, generator: &same), batches)
        XCTAssertEqual(dataset.orderedBatches(batchSize: 2), [[0, 1][...], [2, 3][...], [4][...]])
    }

    func testLoadFromDirectoryChecksCountsAndChecksums() throws {
        let directory = try makeTemporaryDirectory(self)
        let (trainImages, trainLabels) = tinyDataset(count: 8)
        let (testImages, _) = tinyDataset(count: 3)
        let wrongTestLabels = IDXFile(elementType: .unsignedByte, shape: [2], data: [0, 1])
        try write(gzipStored(trainImages.encoded()), to: directory + "/train-images-idx3-ubyte.gz")
        try write(trainLabels.encoded(), to: directory + "/train-labels-idx1-ubyte")
        try write(testImages.encoded(), to: directory + "/t10k-images-idx3-ubyte")
        try write(gzipStored(wrongTestLabels.encoded()), to: directory + "/t10k-labels-idx1-ubyte.gz")

        assertThrows(try MNIST.load(directory: directory, verifyChecksums: false),
                     mentioning: [directory + "/t10k-labels-idx1-ubyte.gz", "2 labels", "t10k-images-idx3-ubyte", "3 images"])
        // With checksums on, these are not MNIST's files: the message says what to do in words a
        // command-line user can follow (issue 10, item 15), not a Swift argument.
        assertThrows(try MNIST.load(directory: directory),
                     mentioning: ["train-images-idx3-ubyte.gz", "SHA-256 mismatch", MNISTFile.trainImages.sha256,
                                  "delete it and run again to download a fresh copy"])
        XCTAssertThrowsError(try MNIST.load(directory: directory)) { error in
            XCTAssertFalse("\(error)".contains("verifyChecksums"), "\(error)")
        }

        try write(tinyDataset(count: 3).labels.encoded(), to: directory + "/t10k-labels-idx1-ubyte")
        try FileManager.default.removeItem(atPath: directory + "/t10k-labels-idx1-ubyte.gz")
        let (training, test) = try MNIST.load(directory: directory, verifyChecksums: false)
        XCTAssertEqual(training.count, 8)
        XCTAssertEqual(test.count, 3)
        XCTAssertEqual(training.images, trainImages.data)

        try FileManager.default.removeItem(atPath: directory + "/t10k-labels-idx1-ubyte")
        assertThrows(try MNIST.load(directory: directory, verifyChecksums: false),
                     mentioning: ["t10k-labels-idx1-ubyte", "no such file"])
    }
}

/// Issue 10, item 12: no training loop hands a model a last batch of one.
final class TrainingBatchTests: XCTestCase {
    func testALastBatchOfOneIsMergedAndSaidSo() {
        let (ranges, note) = trainingBatchRanges(count: 129, batchSize: 64)
        XCTAssertEqual(ranges, [0..<64, 64..<129])
        XCTAssertEqual(note, "note: 129 training examples in batches of 64 leave a last batch of 1; it is merged into the "
                       + "batch before (65 examples), since a batch of one has no batch statistics")
    }

    func testEveryOtherRemainderIsUnchanged() {
        // The default runs: 55,000 images in batches of 128 (ch3, ch4, ch5's full run), 3,000 in 64 (ch5's table).
        for (count, batchSize) in [(55_000, 128), (3_000, 64), (130, 64), (128, 64), (5, 1), (1, 64), (0, 4)] {
            let (ranges, note) = trainingBatchRanges(count: count, batchSize: batchSize)
            XCTAssertEqual(ranges, stride(from: 0, to: count, by: batchSize).map { $0..<min($0 + batchSize, count) }, "\(count), \(batchSize)")
            XCTAssertNil(note)
        }
        // Whatever the data and the batch size, no batch is of one unless a batch of one was asked for
        // or there is only one example.
        for count in 2...300 {
            for batchSize in 2...70 {
                let (ranges, _) = trainingBatchRanges(count: count, batchSize: batchSize)
                XCTAssertTrue(ranges.allSatisfy { $0.count >= 2 }, "\(count), \(batchSize)")
                XCTAssertEqual(ranges.reduce(0) { $0 + $1.count }, count)
            }
        }
    }
}
