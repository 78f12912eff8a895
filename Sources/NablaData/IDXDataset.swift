/// A data set in MNIST's format (four IDX files: training images and labels, test images and
/// labels; 28×28 gray images, 10 classes), or CIFAR-10 (`format`): its files with their SHA-256 checksums, where it is
/// looked for, where it is downloaded from, and what its classes are called. Chosen by name with
/// `--dataset` on the executables that read data.
///
/// `MNISTFile`, `MNISTLocator`, `MNISTDownloader` and `MNIST.load(dataset:)` serve every data set of
/// this format, MNIST by default. Each file is checked against its data set's SHA-256 wherever it
/// comes from: a folder holding another data set's files is refused, naming that data set.
public struct IDXDataset: Sendable, Equatable {
    /// The name `--dataset` takes: "mnist", "fashion-mnist", "kmnist", "cifar-10".
    public let name: String
    /// The name in messages: "MNIST", "Fashion-MNIST".
    public let title: String
    /// Training images, training labels, test images, test labels.
    public let files: [MNISTFile]
    /// What each label means, by label.
    public let classNames: [String]
    /// The environment variable naming a folder that holds the files: "MNIST_DIR".
    public let environmentVariable: String
    /// Folders where system packages put the files (searched after the repository's copy).
    public let systemDirectories: [String]
    /// Whether the repository ships the files (`Data/mnist`).
    public let isInRepository: Bool
    /// Base URLs that serve `<name>.gz`, tried in order.
    public let mirrors: [String]
    /// The environment variable whose comma-separated base URLs replace `mirrors`.
    public let mirrorsVariable: String
    /// Who made it and under which licence, for the README and `--help`.
    public let credit: String
    /// Whether an image mirrored left to right still shows its class (a shoe: yes; a digit: no), so
    /// that flipping is a valid augmentation.
    public var mirroringKeepsClasses = false

    /// How the files hold the images.
    public enum Format: Sendable, Equatable {
        /// Four IDX files of 28×28 gray images (MNIST's format).
        case idx
        /// CIFAR-10's binary batches of 3×32×32 colour images, in a tar.gz archive (`CIFAR10`).
        case cifar10Binary
    }

    /// How the files hold the images; `.idx` unless said otherwise.
    public var format = Format.idx
    /// One image's shape as the networks take it: [channels, rows, columns].
    public var imageShape: [Int] { format == .idx ? [1, 28, 28] : [3, 32, 32] }
    /// How many training images the data set has (60,000 in MNIST's format, 50,000 in CIFAR-10).
    public var trainingCount: Int { format == .idx ? 60_000 : 50_000 }

    /// LeCun, Cortes and Burges' handwritten digits (1998). CC BY-SA 3.0.
    public static let mnist = IDXDataset(
        name: "mnist", title: "MNIST", files: MNISTFile.all,
        classNames: (0...9).map(String.init), environmentVariable: "MNIST_DIR", systemDirectories: [],
        isInRepository: true, mirrors: MNISTDownloader.defaultMirrors, mirrorsVariable: "NABLA_MNIST_MIRRORS",
        credit: "MNIST: Yann LeCun, Corinna Cortes and Christopher J. C. Burges; CC BY-SA 3.0")

    /// Zalando's Fashion-MNIST (Xiao, Rasul and Vollgraf, 2017): photos of clothes in MNIST's
    /// format, the drop-in replacement that is harder to classify. MIT licence. Debian's
    /// `dataset-fashion-mnist` package installs it in /usr/share/datasets/fashion-mnist.
    public static let fashionMNIST = IDXDataset(
        name: "fashion-mnist", title: "Fashion-MNIST",
        files: [
            .images("train-images-idx3-ubyte", sha256: "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888", count: 60_000),
            .labels("train-labels-idx1-ubyte", sha256: "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9", count: 60_000),
            .images("t10k-images-idx3-ubyte", sha256: "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b", count: 10_000),
            .labels("t10k-labels-idx1-ubyte", sha256: "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34", count: 10_000),
        ],
        classNames: ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"],
        environmentVariable: "FASHION_MNIST_DIR", systemDirectories: ["/usr/share/datasets/fashion-mnist"],
        isInRepository: false,
        mirrors: ["http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
                  "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/"],
        mirrorsVariable: "NABLA_FASHION_MNIST_MIRRORS",
        credit: "Fashion-MNIST: Han Xiao, Kashif Rasul and Roland Vollgraf (Zalando Research), 2017; MIT licence",
        mirroringKeepsClasses: true)

    /// Kuzushiji-MNIST (Clanuwat et al., 2018, "Deep Learning for Classical Japanese Literature",
    /// arXiv:1812.01718): ten hiragana in cursive kuzushiji script, from ROIS-DS CODH's KMNIST,
    /// adapted from NIJL's Kuzushiji data set. CC BY-SA 4.0. Classes are named by the characters'
    /// romanisation, as in the data set's `kmnist_classmap.csv`. Its files are checked by the
    /// SHA-256s of the `.gz` files, as torchvision's prototype data sets publish them (the data set
    /// itself publishes MD5s only; nobody publishes the decompressed files' SHA-256s), so they are
    /// kept gzipped (`MNISTFile.checksumIsOfGzip`).
    public static let kmnist = IDXDataset(
        name: "kmnist", title: "KMNIST",
        files: zip(MNISTFile.all, ["51467d22d8cc72929e2a028a0428f2086b092bb31cfb79c69cc0a90ce135fde4",
                                   "e38f9ebcd0f3ebcdec7fc8eabdcdaef93bb0df8ea12bee65224341c8183d8e17",
                                   "edd7a857845ad6bb1d0ba43fe7e794d164fe2dce499a1694695a792adfac43c5",
                                   "20bb9a0ef54c7db3efc55a92eef5582c109615df22683c380526788f98e42a1c"])
            .map { .gzipped($0.name, sha256: $1, size: $0.size) },
        classNames: ["o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo"],
        environmentVariable: "KMNIST_DIR", systemDirectories: [],
        isInRepository: false,
        mirrors: ["https://codh.rois.ac.jp/kmnist/dataset/kmnist/", "https://storage.googleapis.com/kuzushiji-mnist/"],
        mirrorsVariable: "NABLA_KMNIST_MIRRORS",
        credit: "KMNIST: ROIS-DS Center for Open Data in the Humanities, from NIJL's Kuzushiji data set "
            + "(Clanuwat et al., 2018, doi:10.20676/00000341); CC BY-SA 4.0")

    /// CIFAR-10 (Krizhevsky, 2009): 32×32 colour photos of ten kinds of things, 50,000 for
    /// training and 10,000 for test, from the author's page (binary version, read by `CIFAR10`).
    /// Its `files` are the six extracted batches; the download is `CIFAR10.archive`.
    public static let cifar10: IDXDataset = {
        var dataset = IDXDataset(
            name: "cifar-10", title: "CIFAR-10", files: CIFAR10.files,
            classNames: ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"],
            environmentVariable: "CIFAR10_DIR", systemDirectories: [], isInRepository: false,
            mirrors: ["https://www.cs.toronto.edu/~kriz/"], mirrorsVariable: "NABLA_CIFAR10_MIRRORS",
            credit: "CIFAR-10: Alex Krizhevsky, Vinod Nair and Geoffrey Hinton, 2009 (Learning Multiple Layers of Features from Tiny Images)",
            mirroringKeepsClasses: true)
        dataset.format = .cifar10Binary
        return dataset
    }()

    /// Every data set `--dataset` knows, in the order `--help` lists them.
    public static let all = [mnist, fashionMNIST, kmnist, cifar10]
    /// The data sets of 28×28 gray images, which every executable can read.
    public static let grayscale = all.filter { $0.format == .idx }

    /// The data set called `name`; nil for a name not in `all`.
    public static func named(_ name: String) -> IDXDataset? {
        all.first { $0.name == name }
    }
}
