// The library calls that load or make a script's data, by their qualified names, written once: the
// concrete run makes up their values (engine/concrete/madeUp.ts) and the shape analysis gives them
// the shapes their documentation states (engine/interp/dataSources.ts).

/** sklearn's bundled and downloaded datasets (`load_iris`, `load_digits`, `fetch_openml`). */
export const SK_DATASETS = /^sklearn\.datasets\.(load_\w+|fetch_\w+)$/;
/** Datasets whose targets are one column per example (`return_X_y=True` gives X (n, d), y (n,)); load_linnerud's are three. */
export const SK_SINGLE_TARGET = /^sklearn\.datasets\.(load_(iris|digits|wine|breast_cancer|diabetes)|fetch_(openml|california_housing|covtype|kddcup99))$/;
/** sklearn's generated datasets (`sklearn.datasets.samples_generator` in old versions). */
export const SK_GENERATORS = /^sklearn\.datasets\.(?:\w+\.)?make_(blobs|moons|circles|classification|regression)$/;
/** sklearn's split of arrays into training and test rows. */
export const SK_SPLIT = /^sklearn\.(model_selection|cross_validation)\.train_test_split$/;
/** keras' one-hot encoding of integer labels. */
export const TO_CATEGORICAL = /^(keras|tensorflow\.keras|tensorflow\.python\.keras)\.utils(\.np_utils)?\.to_categorical$/;

/** Module paths of these libraries the analysis knows as modules (the rest of a name is a function). */
const SUBMODULES = /^(sklearn(\.(datasets(\.samples_generator)?|model_selection|cross_validation))?|(keras|tensorflow\.keras|tensorflow\.python\.keras)(\.utils(\.np_utils)?)?|tensorflow(\.python)?)$/;

/** Whether `path` is one of these libraries' modules (`sklearn.datasets`, `keras.utils`). */
export function isDataModule(path: string): boolean {
  return SUBMODULES.test(path);
}

/** Whether `path` names a data call the analyses model. */
export function isDataCall(path: string): boolean {
  return SK_DATASETS.test(path) || SK_GENERATORS.test(path) || SK_SPLIT.test(path) || TO_CATEGORICAL.test(path);
}
