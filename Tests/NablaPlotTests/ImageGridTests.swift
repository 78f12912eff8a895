import XCTest
import NablaPlot

final class ImageGridTests: XCTestCase {
    func testBytesAreDrawnAsRunsOfEqualPixels() {
        let image = GridImage(bytes: [0, 0, 255, 255, 0, 0,
                                      0, 0, 0, 0, 0, 0], width: 6, height: 2, caption: "pred 7 (p 0.98)\ntrue 2")
        let svg = checkSVG(ImageGrid(title: "Digits", images: [image]).svg())
        XCTAssertEqual(svg.count("rect"), 1 + 1 + 1 + 1, "page background, image background, one run, the frame")
        XCTAssertTrue(svg.shows("pred 7 (p 0.98)") && svg.shows("true 2"), "\(svg.texts)")
    }

    func testValuesAreNormalisedPerImageOrAroundZero() {
        XCTAssertEqual(GridImage(values: [-1, 0, 3], width: 3, height: 1).levels, [0, 64, 255])
        XCTAssertEqual(GridImage(values: [-1, 0, 2], width: 3, height: 1, normalization: .diverging).levels, [64, 128, 255])
        XCTAssertEqual(GridImage(values: [5, 5], width: 2, height: 1).levels, [128, 128], "one value is mid-gray")
    }

    func testPixelsWithoutAValueAreRedAndCounted() {
        let image = GridImage(values: [1, .nan, 3], width: 2, height: 2)
        XCTAssertEqual(image.levels, [0, nil, 255, nil])
        XCTAssertEqual(image.unusablePixelCount, 2)
        let extra = GridImage(bytes: [1, 2, 3], width: 1, height: 2)
        XCTAssertEqual(extra.ignoredValueCount, 1)
        let svg = checkSVG(ImageGrid(title: "Filters", images: [image, extra]).svg())
        XCTAssertTrue(svg.texts.joined(separator: " ")
            .hasSuffix("Left out: 2 pixels without a value, drawn red (image 1); 1 value beyond width × height (image 2)."),
                      "the note, wrapped to the grid's width: \(svg.texts)")
    }

    func testOddSizesAndNoImagesStillDraw() {
        checkSVG(ImageGrid(title: "None", images: []).svg())
        checkSVG(ImageGrid(title: "Zero", images: [GridImage(bytes: [], width: 0, height: -3)], columns: 0).svg())
    }

    func testAHundredDigitsStayUnderTwoMegabytes() {
        let digits = (0..<100).map { index in
            GridImage(bytes: fakeDigit(index % 10, seed: UInt64(index)), width: 28, height: 28, caption: "pred \(index % 10) (p 0.98)\ntrue 2")
        }
        let grid = ImageGrid(title: "A hundred digits", images: digits, columns: 10)
        let svg = grid.svg()
        checkSVG(svg)
        XCTAssertLessThan(svg.utf8.count, 2_000_000)
    }

    func testTheCSVHoldsEachImageValues() {
        let grid = ImageGrid(title: "g", images: [GridImage(values: [0.5, -0.25], width: 2, height: 1, caption: "a, b"),
                                                  GridImage(bytes: [7], width: 1, height: 1)])
        XCTAssertEqual(grid.csv(), "image,caption,width,height,pixel_0,pixel_1\n1,\"a, b\",2,1,0.5,-0.25\n2,,1,1,7.0,\n")
    }
}
